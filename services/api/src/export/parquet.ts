/**
 * Parquet export, streamed: rows are gathered into a row group, the row group is encoded and handed on as bytes, and
 * then the next one is gathered. Memory holds one row group (its values and its encoded bytes) plus the footer
 * metadata, however many rows the export has. hyparquet-writer does the encoding, in a worker thread
 * (parquet-worker.mjs); docs/exports.md says why we use it.
 */
import { Worker } from 'node:worker_threads';
import type { ParquetWriter } from 'hyparquet-writer';
import type { Column, ColumnType } from './columns.js';

type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]['schema'][number];

/**
 * Dictionary type → Parquet type. Every column is OPTIONAL (an empty CSV cell is a null here). Integers are INT32 so
 * R reads them as integer (not bit64); dates are DATE (days since 1970-01-01); `json` columns are UTF-8 strings holding
 * the same JSON text as the CSV cell, which every reader shows as the same text.
 */
const PARQUET_TYPES: Record<ColumnType, Omit<SchemaElement, 'name' | 'repetition_type'>> = {
  string: { type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } },
  json: { type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } },
  // No INT_32/INTEGER annotation: a plain INT32 is a signed 32-bit integer to every reader, and hyparquet-writer 0.17
  // writes the INTEGER logical type's bit width in a form Apache Arrow's Rust reader rejects (checked with parquet-wasm).
  integer: { type: 'INT32' },
  number: { type: 'DOUBLE' },
  boolean: { type: 'BOOLEAN' },
  date: { type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' } },
};

export function parquetSchema(columns: readonly Column[]): SchemaElement[] {
  return [
    { name: 'root', num_children: columns.length },
    ...columns.map((c): SchemaElement => ({ name: c.name, repetition_type: 'OPTIONAL', ...PARQUET_TYPES[c.type] })),
  ];
}

const DAY_MS = 86_400_000;

function bad(column: string, type: ColumnType, v: unknown): Error {
  return new Error(`export column ${column} (${type}): unexpected value ${JSON.stringify(v)}`);
}

/**
 * A row value as the Parquet column stores it; a value of the wrong type is a bug in the row builder, so it throws.
 * Called for every cell: no closures here (under tsx each one would also be renamed with defineProperty, measured at a
 * third of the export's CPU).
 */
export function parquetValue(type: ColumnType, v: unknown, column: string): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'string':
      if (typeof v !== 'string') throw bad(column, type, v);
      return v;
    case 'json':
      return typeof v === 'string' ? v : JSON.stringify(v);
    case 'integer':
      if (!Number.isInteger(v) || (v as number) > 2 ** 31 - 1 || (v as number) < -(2 ** 31)) throw bad(column, type, v);
      return v as number;
    case 'number':
      if (typeof v !== 'number') throw bad(column, type, v);
      return v;
    case 'boolean':
      if (typeof v !== 'boolean') throw bad(column, type, v);
      return v;
    case 'date': {
      const ms = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? Date.parse(v) : v instanceof Date ? v.getTime() : NaN;
      if (!Number.isFinite(ms)) throw bad(column, type, v);
      return Math.floor(ms / DAY_MS);
    }
  }
}

export interface ParquetOptions {
  /** Rows per row group at most. */
  rowGroupRows?: number;
  /** Close a row group early once its string values reach this many characters (long texts). */
  rowGroupChars?: number;
  /** Extra key/value metadata in the file footer. */
  metadata?: Record<string, string>;
}

/**
 * Row-group limits, measured with bench/export-memory.ts (docs/exports.md): 10,000 rows keeps 1,000,000 utterances
 * at about 260 MB RSS for the whole API (20,000: 280 MB; 50,000: 300 MB), for files 15–25% larger than 50,000 would give.
 */
export const ROW_GROUP_ROWS = 10_000;
export const ROW_GROUP_CHARS = 4 * 1024 * 1024;
/** Rows sent to the encoder per message, and their characters at most: small, so they die young in the API's heap. */
const BATCH_ROWS = 1000;
const BATCH_CHARS = 1024 * 1024;
/**
 * The encoder's own heap. Its live set is the row group being gathered or encoded; a small maximum makes V8 collect
 * early instead of letting the heap grow to several times the live set, which is what pushed an in-thread encoder
 * past 300 MB RSS. 128 MB leaves room for a row group at the character cap (long texts).
 */
const WORKER_LIMITS = { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16 };

interface WorkerAnswer {
  chunks: Uint8Array[];
  done: boolean;
}

/**
 * Encode rows (in `columns` order, typed as rows.ts makes them) as a Parquet file, yielded a row group at a time.
 *
 * The encoding runs in a worker thread (parquet-worker.mjs): a row group is encoded synchronously (about 0.1 s for
 * 10,000 utterances), which in the API's thread would stall every other request, and the API's large heap let V8 keep
 * hundreds of MB of garbage from row groups before collecting it. Values are checked and converted here, sent in small
 * batches with one batch in flight (so the database is read while the previous batch is encoded), and the file's
 * bytes come back as each row group is done.
 */
export async function* parquetChunks(columns: readonly Column[], rows: AsyncIterable<readonly unknown[]>, opts: ParquetOptions = {}): AsyncGenerator<Uint8Array> {
  const worker = new Worker(new URL('./parquet-worker.mjs', import.meta.url), {
    workerData: {
      schema: parquetSchema(columns),
      kvMetadata: Object.entries(opts.metadata ?? {}).map(([key, value]) => ({ key, value })),
      maxRows: opts.rowGroupRows ?? ROW_GROUP_ROWS,
      maxChars: opts.rowGroupChars ?? ROW_GROUP_CHARS,
    },
    resourceLimits: WORKER_LIMITS,
  });
  const answers: WorkerAnswer[] = [];
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  worker.on('message', (m: WorkerAnswer) => (answers.push(m), notify()));
  worker.on('error', (err) => ((failure ??= err), notify()));
  worker.on('exit', (code) => ((failure ??= new Error(`parquet encoder exited (${code})`)), notify()));
  const answer = async (): Promise<WorkerAnswer> => {
    while (!answers.length) {
      if (failure) throw failure;
      await new Promise<void>((r) => (wake = r));
    }
    return answers.shift()!;
  };
  try {
    let inFlight = 0;
    let batch: unknown[][] = columns.map(() => []);
    let n = 0;
    let chars = 0;
    const send = async function* () {
      // One batch in flight: wait for (and pass on) the previous batch's answer before sending the next.
      if (inFlight) {
        inFlight--;
        yield* (await answer()).chunks;
      }
      worker.postMessage({ columns: batch });
      inFlight++;
      batch = columns.map(() => []);
      n = 0;
      chars = 0;
    };
    for await (const row of rows) {
      for (let i = 0; i < columns.length; i++) {
        const v = parquetValue(columns[i]!.type, row[i], columns[i]!.name);
        if (typeof v === 'string') chars += v.length;
        batch[i]!.push(v);
      }
      if (++n >= BATCH_ROWS || chars >= BATCH_CHARS) yield* send();
    }
    if (n) yield* send();
    if (inFlight) yield* (await answer()).chunks;
    worker.postMessage({ end: true });
    for (;;) {
      const a = await answer();
      yield* a.chunks;
      if (a.done) return;
    }
  } finally {
    worker.removeAllListeners('exit');
    await worker.terminate();
  }
}
