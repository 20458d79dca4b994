import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineOutput, readLines } from './lines.js';

const dir = mkdtempSync(join(tmpdir(), 'dyadic-lines-'));

/** What `dyadic tag` read before: the whole file decoded by TextDecoder (BOM kept, U+FFFD for bad bytes), split on \n. */
const expected = (bytes: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).split('\n');

function lines(bytes: Uint8Array, chunk: number): string[] {
  const p = join(dir, 'in');
  writeFileSync(p, bytes);
  const out: string[] = [];
  readLines(p, (l, n) => {
    expect(n).toBe(out.length + 1);
    out.push(l);
  }, chunk);
  return out;
}

// bytes biased towards line breaks, multi-byte sequences and their broken pieces
const piece = fc.oneof(
  fc.constantFrom(...['\n', '\r\n', 'a', ' ', '{"x":1}', 'é', '€', '😀', '\uFEFF'].map((s) => Buffer.from(s))),
  fc.constantFrom(Buffer.from([0xe2, 0x82]), Buffer.from([0xf0, 0x9f]), Buffer.from([0x80]), Buffer.from([0xff]), Buffer.from([0xc3])),
  fc.uint8Array({ maxLength: 8 }).map((b) => Buffer.from(b)),
);

describe('readLines', () => {
  it('gives the lines of the whole decoded file, whatever the chunk size', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 200 }), fc.integer({ min: 1, max: 64 }), (pieces, chunk) => {
        const bytes = Buffer.concat(pieces);
        expect(lines(bytes, chunk)).toEqual(expected(bytes));
      }),
      { numRuns: 500 },
    );
  });

  it('reads empty files, a file without a final line break and lines longer than the buffer', () => {
    expect(lines(Buffer.alloc(0), 4)).toEqual(['']);
    expect(lines(Buffer.from('a\nbc'), 4)).toEqual(['a', 'bc']);
    const long = 'x'.repeat(3000) + '€'.repeat(1000);
    expect(lines(Buffer.from(`${long}\n${long}\n`), 16)).toEqual([long, long, '']);
  });
});

describe('LineOutput', () => {
  it('writes each line and a line break, in UTF-8, through small and oversized lines', () => {
    const p = join(dir, 'out.jsonl');
    const out = new LineOutput(p);
    const want: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const l = i % 1000 === 7 ? '😀é'.repeat(200_000 + i) : `{"i":${i},"t":"${'é€😀'.slice(0, i % 4)}"}`;
      out.write(l);
      want.push(l);
    }
    out.close();
    // as the lines joined and encoded at once (a lone surrogate becomes U+FFFD either way)
    expect(readFileSync(p).equals(Buffer.from(want.join('\n') + '\n', 'utf8'))).toBe(true);
  });

  it('writeJsonLine writes JSON.stringify lines, falling back to it mid-line (a Date deep inside) and through huge lines', () => {
    const p = join(dir, 'json.jsonl');
    const out = new LineOutput(p);
    const values: unknown[] = [];
    for (let i = 0; i < 3000; i++) {
      const v = i % 500 === 3 ? { big: 'é😀'.repeat(300_000), i } : i % 7 === 0 ? { a: [1, { d: new Date(i) }], i } : { id: `x${i}`, t: [i, -i / 3, 'é€😀\u0001'], u: undefined };
      out.writeJsonLine(v as object);
      values.push(v);
    }
    out.write('plain');
    out.close();
    expect(readFileSync(p).equals(Buffer.from(values.map((v) => JSON.stringify(v)).join('\n') + '\nplain\n', 'utf8'))).toBe(true);
  });
});
