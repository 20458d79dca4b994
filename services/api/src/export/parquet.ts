/**
 * Parquet export, streamed: rows are gathered into a row group, the row group is encoded and handed on as bytes, and
 * only then is the next one read. Memory holds one row group (its values and its encoded bytes) plus the footer
 * metadata, however many rows the export has. hyparquet-writer does the encoding; docs/exports.md says why we use it.
 */
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import type { Column, ColumnType } from './columns.js';

type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]['schema'][number];

/**
 * Dictionary type → Parquet type. Every column is OPTIONAL (an empty CSV cell is a null here). Integers are INT32 so
 * R reads them as integer (not bit64); dates are DATE (days since 1970-01-01); `json` columns are UTF-8 strings holding
 * the same JSON text as the CSV cell, which every reader shows as text (the JSON logical type is not yet read the
 * same way by arrow in R and Python).
 */
const PARQUET_TYPES: Record<ColumnType, Omit<SchemaElement, 'name' | 'repetition_type'>> = {
  string: { type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } },
  json: { type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } },
  integer: { type: 'INT32', converted_type: 'INT_32', logical_type: { type: 'INTEGER', bitWidth: 32, isSigned: true } },
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

/** A row value as the Parquet column stores it; a value of the wrong type is a bug in the row builder, so it throws. */
export function parquetValue(type: ColumnType, v: unknown, column: string): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  const bad = () => new Error(`export column ${column} (${type}): unexpected value ${JSON.stringify(v)}`);
  switch (type) {
    case 'string':
      if (typeof v !== 'string') throw bad();
      return v;
    case 'json':
      return typeof v === 'string' ? v : JSON.stringify(v);
    case 'integer':
      if (!Number.isInteger(v) || (v as number) > 2 ** 31 - 1 || (v as number) < -(2 ** 31)) throw bad();
      return v as number;
    case 'number':
      if (typeof v !== 'number') throw bad();
      return v;
    case 'boolean':
      if (typeof v !== 'boolean') throw bad();
      return v;
    case 'date': {
      const ms = typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? Date.parse(v) : v instanceof Date ? v.getTime() : NaN;
      if (!Number.isFinite(ms)) throw bad();
      return Math.floor(ms / DAY_MS);
    }
  }
}

/** A ByteWriter that hands out what has been written each time the Parquet writer finishes a row group. */
class ChunkWriter extends ByteWriter {
  chunks: Uint8Array[] = [];
  flush(): void {
    if (this.index === 0) return;
    // Copy: the writer reuses its buffer for the next row group.
    this.chunks.push(new Uint8Array(this.buffer.slice(0, this.index)));
    this.index = 0;
  }
  take(): Uint8Array[] {
    const out = this.chunks;
    this.chunks = [];
    return out;
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

/** Defaults measured by bench/export-memory.ts (see docs/exports.md): large enough to compress well, small enough for RSS. */
export const ROW_GROUP_ROWS = 50_000;
export const ROW_GROUP_CHARS = 16 * 1024 * 1024;

/** Encode rows (in `columns` order, typed as rows.ts makes them) as a Parquet file, yielded a row group at a time. */
export async function* parquetChunks(columns: readonly Column[], rows: AsyncIterable<readonly unknown[]>, opts: ParquetOptions = {}): AsyncGenerator<Uint8Array> {
  const maxRows = opts.rowGroupRows ?? ROW_GROUP_ROWS;
  const maxChars = opts.rowGroupChars ?? ROW_GROUP_CHARS;
  const writer = new ChunkWriter(1 << 20);
  const pq = new ParquetWriter({
    writer,
    schema: parquetSchema(columns),
    kvMetadata: Object.entries(opts.metadata ?? {}).map(([key, value]) => ({ key, value })),
  });
  let values: Array<Array<string | number | boolean | null>> = columns.map(() => []);
  let n = 0;
  let chars = 0;
  const writeGroup = () => {
    // Synchronous: the ChunkWriter's flush returns nothing, so the row group is encoded before write() returns.
    void pq.write({ columnData: columns.map((c, i) => ({ name: c.name, data: values[i]! })), rowGroupSize: n });
    values = columns.map(() => []);
    n = 0;
    chars = 0;
  };
  for await (const row of rows) {
    for (let i = 0; i < columns.length; i++) {
      const v = parquetValue(columns[i]!.type, row[i], columns[i]!.name);
      if (typeof v === 'string') chars += v.length;
      values[i]!.push(v);
    }
    n++;
    if (n >= maxRows || chars >= maxChars) {
      writeGroup();
      yield* writer.take();
    }
  }
  if (n > 0) writeGroup();
  void pq.finish();
  writer.flush();
  yield* writer.take();
}
