/**
 * The Parquet encoder on its own: read back by an independent reader (hyparquet), row groups cut by rows and by text
 * size, nulls in every type, an empty export, a value of the wrong type refused, and its encoder thread stopped when
 * the export ends early.
 */
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { describe, expect, it } from 'vitest';
import type { Column } from './columns.js';
import { parquetChunks } from './parquet.js';

const COLUMNS: Column[] = [
  { name: 's', type: 'string', meaning: '' },
  { name: 'i', type: 'integer', meaning: '' },
  { name: 'n', type: 'number', meaning: '' },
  { name: 'b', type: 'boolean', meaning: '' },
  { name: 'd', type: 'date', meaning: '' },
  { name: 'j', type: 'json', meaning: '' },
];

async function* from(rows: unknown[][]) {
  yield* rows;
}

async function encode(rows: unknown[][], opts: Parameters<typeof parquetChunks>[2] = {}): Promise<{ file: ArrayBuffer; chunks: number }> {
  const parts: Uint8Array[] = [];
  for await (const c of parquetChunks(COLUMNS, from(rows), opts)) parts.push(c);
  const buf = Buffer.concat(parts);
  return { file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer, chunks: parts.length };
}

const row = (k: number): unknown[] =>
  k % 4 === 3
    ? [null, null, null, null, null, null]
    : [`tür ${k} "quoted", with a comma\nand a line break`, k * 1000 - 5000, k / 3, k % 2 === 0, `19${60 + k}-12-31`, [{ tag: 'selfDisclosure', start: k, end: k + 4, rule: 'r1' }]];

describe('parquetChunks', () => {
  it('writes typed, nullable columns in row groups, one chunk per row group, that an independent reader reads back', async () => {
    const rows = Array.from({ length: 10 }, (_, k) => row(k));
    const { file, chunks } = await encode(rows, { rowGroupRows: 3, metadata: { 'dyadic.table': 'test' } });
    const meta = parquetMetadata(file);
    expect(meta.row_groups.map((g) => Number(g.num_rows))).toEqual([3, 3, 3, 1]);
    expect(chunks).toBe(5); // 4 row groups, then the footer
    expect(meta.key_value_metadata).toContainEqual({ key: 'dyadic.table', value: 'test' });
    const types = meta.schema.slice(1).map((e) => [e.name, e.type, e.converted_type ?? null, e.logical_type?.type ?? null, e.repetition_type]);
    expect(types).toEqual([
      ['s', 'BYTE_ARRAY', 'UTF8', 'STRING', 'OPTIONAL'],
      ['i', 'INT32', null, null, 'OPTIONAL'],
      ['n', 'DOUBLE', null, null, 'OPTIONAL'],
      ['b', 'BOOLEAN', null, null, 'OPTIONAL'],
      ['d', 'INT32', 'DATE', 'DATE', 'OPTIONAL'],
      ['j', 'BYTE_ARRAY', 'UTF8', 'STRING', 'OPTIONAL'],
    ]);
    const back = await parquetReadObjects({ file });
    expect(back).toHaveLength(10);
    back.forEach((r, k) => {
      const want = rows[k]!;
      expect(r.s).toBe(want[0]);
      expect(r.i).toBe(want[1]);
      expect(r.n).toBe(want[2]);
      expect(r.b).toBe(want[3]);
      expect(r.d === null ? null : (r.d as Date).toISOString().slice(0, 10)).toBe(want[4]);
      expect(r.j === null ? null : JSON.parse(r.j as string)).toEqual(want[5]);
    });
  });

  it('closes a row group early when its text grows past the limit', async () => {
    const long = 'x'.repeat(1000);
    const rows = Array.from({ length: 10 }, (_, k) => [long, k, null, null, null, null]);
    const meta = parquetMetadata((await encode(rows, { rowGroupRows: 100, rowGroupChars: 2500 })).file);
    expect(meta.row_groups.map((g) => Number(g.num_rows))).toEqual([3, 3, 3, 1]);
  });

  it('writes a valid empty file with the schema when there are no rows', async () => {
    const { file } = await encode([]);
    const meta = parquetMetadata(file);
    expect(Number(meta.num_rows)).toBe(0);
    expect(meta.schema.slice(1).map((e) => e.name)).toEqual(COLUMNS.map((c) => c.name));
    expect(await parquetReadObjects({ file })).toEqual([]);
  });

  it('stops its encoder thread when the reader stops early or the rows fail', async () => {
    // Counted, not assumed absent: the test runner may hold message ports of its own.
    const ports = () => process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length;
    const before = ports();
    const many = async function* () {
      for (let k = 0; k < 100_000; k++) yield row(k % 10);
    };
    for await (const chunk of parquetChunks(COLUMNS, many(), { rowGroupRows: 1000 })) {
      expect(chunk.byteLength).toBeGreaterThan(0);
      expect(ports()).toBeGreaterThan(before); // the encoder thread is running
      break; // a client that hangs up
    }
    expect(ports()).toBe(before);
    const failing = async function* () {
      yield row(0);
      throw new Error('database went away');
    };
    const drain = async () => {
      for await (const _ of parquetChunks(COLUMNS, failing())) void _;
    };
    await expect(drain()).rejects.toThrow('database went away');
    expect(ports()).toBe(before);
  });

  it('refuses a value that does not fit its column type instead of writing it wrongly', async () => {
    await expect(encode([['a', 1.5, null, null, null, null]])).rejects.toThrow(/column i \(integer\)/);
    await expect(encode([['a', 2 ** 31, null, null, null, null]])).rejects.toThrow(/column i/);
    await expect(encode([['a', 1, null, 'TRUE', null, null]])).rejects.toThrow(/column b \(boolean\)/);
    await expect(encode([['a', 1, null, null, '04/05/2026', null]])).rejects.toThrow(/column d \(date\)/);
  });
});
