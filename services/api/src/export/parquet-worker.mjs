// Encodes one Parquet export in a worker thread (see parquet.ts for why). Plain JavaScript, not TypeScript: a worker
// thread is a fresh module loader, and a .mjs file loads the same under tsx, vitest and plain node.
//
// workerData: { schema, kvMetadata, maxRows, maxChars }
// in:  { columns: values[][] }  a batch of rows, column by column, already converted to Parquet values (parquet.ts)
//      { end: true }            no more rows
// out: { chunks: Uint8Array[], done: boolean }  one answer per message: the bytes of any row group completed by it
import { parentPort, workerData } from 'node:worker_threads';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';

const { schema, kvMetadata, maxRows, maxChars } = workerData;
const width = schema.length - 1;

class ChunkWriter extends ByteWriter {
  chunks = [];
  flush() {
    if (this.index === 0) return;
    // Copy: the writer reuses its buffer for the next row group.
    this.chunks.push(new Uint8Array(this.buffer.slice(0, this.index)));
    this.index = 0;
  }
  take() {
    const out = this.chunks;
    this.chunks = [];
    return out;
  }
}

const writer = new ChunkWriter(1 << 20);
const pq = new ParquetWriter({ writer, schema, kvMetadata });
let values = [];
let rows = 0;
let chars = 0;
const reset = () => {
  values = Array.from({ length: width }, () => []);
  rows = 0;
  chars = 0;
};
reset();

function writeGroup() {
  // Synchronous: ChunkWriter.flush returns nothing, so the row group is encoded before write() returns.
  pq.write({ columnData: schema.slice(1).map((e, i) => ({ name: e.name, data: values[i] })), rowGroupSize: rows });
  reset();
}

parentPort.on('message', (msg) => {
  if (msg.columns) {
    const n = msg.columns[0]?.length ?? 0;
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < width; c++) {
        const v = msg.columns[c][r];
        if (typeof v === 'string') chars += v.length;
        values[c].push(v);
      }
      rows++;
      if (rows >= maxRows || chars >= maxChars) writeGroup();
    }
    const chunks = writer.take();
    parentPort.postMessage({ chunks, done: false }, chunks.map((c) => c.buffer));
    return;
  }
  if (rows > 0) writeGroup();
  pq.finish();
  writer.flush();
  const chunks = writer.take();
  parentPort.postMessage({ chunks, done: true }, chunks.map((c) => c.buffer));
});
