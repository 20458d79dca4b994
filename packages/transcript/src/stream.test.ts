import { readFileSync, readdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Turn } from '@dyadic/domain';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { FORMATS, TranscriptParseError, parseTranscript, parseTranscriptFileStream, parseTranscriptStream } from './index.js';
import type { Format, StreamParseOptions } from './index.js';
import { turnsArbitrary } from './testing/arbitraries.js';
import { toChat, toCsv, toOtter, toSrt, toTxt, toVtt } from './testing/serialize.js';

const FIX = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
const fixtures = readdirSync(FIX).map((name) => ({ name, data: new Uint8Array(readFileSync(join(FIX, name))) }));

/** The bytes cut at the given positions (sorted, deduplicated), as an async iterable of chunks. */
async function* chunked(data: Uint8Array, cuts: number[]): AsyncGenerator<Uint8Array> {
  const at = [...new Set(cuts.map((c) => (data.length ? c % (data.length + 1) : 0)))].sort((a, b) => a - b);
  let prev = 0;
  for (const c of [...at, data.length]) {
    if (c < prev) continue;
    yield data.slice(prev, c); // empty chunks too: a source may send them
    prev = c;
  }
}

type Outcome = { ok: true; format: string; encoding: string; turns: Turn[]; speakers: unknown; warnings: string[] } | { ok: false; message: string };

async function whole(data: Uint8Array, opts: StreamParseOptions): Promise<Outcome> {
  try {
    const p = await parseTranscript(data, opts);
    return { ok: true, format: p.format, encoding: p.encoding, turns: p.turns, speakers: p.speakers, warnings: p.warnings };
  } catch (err) {
    if (!(err instanceof TranscriptParseError)) throw err;
    return { ok: false, message: err.message };
  }
}

let lastStreamed: boolean | undefined;

async function streamed(source: AsyncIterable<Uint8Array>, opts: StreamParseOptions): Promise<Outcome> {
  const s = parseTranscriptStream(source, opts);
  lastStreamed = undefined;
  const turns: Turn[] = [];
  try {
    for await (const t of s) turns.push(t);
  } catch (err) {
    if (!(err instanceof TranscriptParseError)) throw err;
    return { ok: false, message: err.message };
  }
  lastStreamed = s.streamed;
  return { ok: true, format: s.format!, encoding: s.encoding!, turns, speakers: s.speakers, warnings: s.warnings };
}

/** The stream's outcome (turns, speakers, warnings, or the error message) equals parseTranscript's. Returns whether it streamed. */
async function same(data: Uint8Array, cuts: number[], opts: StreamParseOptions = {}): Promise<boolean | undefined> {
  const o = { maxTurns: 200_000, ...opts };
  expect(await streamed(chunked(data, cuts), o)).toEqual(await whole(data, o));
  return lastStreamed;
}

const cutsArb = fc.array(fc.nat(), { maxLength: 12 });

describe('parseTranscriptStream equals parseTranscript', () => {
  it('every fixture, whole and in random chunks, with and without its file name', async () => {
    for (const fx of fixtures) {
      await same(fx.data, [], { filename: fx.name });
      await same(fx.data, [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144], {});
    }
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fixtures), cutsArb, fc.boolean(), async (fx, cuts, named) => {
        await same(fx.data, cuts, named ? { filename: fx.name } : {});
      }),
      { numRuns: 200 },
    );
  });

  // generated transcripts (the round-trip generators of properties.test.ts), random chunk boundaries
  const turnsArb = turnsArbitrary({ speakers: ['Maya', 'Jordan', 'Mom', 'Sam Lee', 'Support Person', 'sam', 'mentor'], punctuation: ['', '', '', '.', ',', '?', '!', ':', ' é', ' “ok”'], maxTurns: 30 });
  const codes: Record<string, string> = { Maya: 'MEN', Jordan: 'CHI', Mom: 'MOT', 'Sam Lee': 'SAM', 'Support Person': 'SUP', sam: 'SAX', mentor: 'MNT' };
  const jsonl = (ts: Turn[]) => ts.map((t) => JSON.stringify({ speaker: t.speaker, text: t.text, start: t.start, end: t.end })).join('\n') + '\n';
  const writers: [string, (t: Turn[]) => string, Format | undefined][] = [
    ['txt', toTxt, undefined],
    ['txt without times', (t) => t.map((x) => `${x.speaker}: ${x.text}`).join('\r\n'), undefined],
    ['otter', toOtter, undefined],
    ['vtt', (t) => toVtt(t, 'zoom'), undefined],
    ['vtt voices', (t) => toVtt(t, 'voice'), undefined],
    ['srt', toSrt, undefined],
    ['csv', (t) => toCsv(t), undefined],
    ['tsv', (t) => toCsv(t, '\t'), undefined],
    ['cha', (t) => toChat(t, codes), undefined],
    ['jsonl', jsonl, 'json'],
  ];
  const encodings = fc.constantFrom('utf8', 'utf8-bom', 'utf16le-bom', 'utf16le', 'utf16be-bom', 'windows-1252');
  function encode(s: string, enc: string): Uint8Array {
    if (enc === 'utf8') return Buffer.from(s);
    if (enc === 'utf8-bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(s)]);
    if (enc === 'utf16le-bom') return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
    if (enc === 'utf16le') return Buffer.from(s, 'utf16le');
    if (enc === 'utf16be-bom') return Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(s, 'utf-16be')]);
    return iconv.encode(s, 'windows-1252');
  }
  it.each(writers)('%s', async (_name, write, format) => {
    await fc.assert(
      fc.asyncProperty(turnsArb, cutsArb, encodings, async (turns, cuts, enc) => {
        const s = await same(encode(write(turns), enc), cuts, format ? { format } : {});
        // every format here streams (one JSON line alone is a JSON document, read whole); s is undefined after an
        // error (UTF-16 without BOM of ASCII-only text is valid UTF-8 with NULs: binary to both parsers)
        if (s !== undefined && !(format === 'json' && turns.length === 1)) expect(s).toBe(true);
      }),
      { numRuns: 80 },
    );
  });

  it('random text with transcript-looking fragments, every format option (errors included)', async () => {
    const piece = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.constantFrom('WEBVTT\n', '-->', '00:00:01.000 --> 00:00:02.000\n', '<v Sam>', '</v>', 'Sam: ', 'sam: ', 'btw: ', '\n\n', '[00:01]', '@Participants:\t',
        '*CHI:\t', '%mor:\t', '\t', '{"segments":[', '{"speaker":"A","text":"x"}', '{"text":"Sam: hi"}\n', ']', '"', ',', 'speaker,text\n', '\r', '\r\n', '\u0015', '1\n', 'NOTE', '&-um', '[/]', 'Sam  0:03\n'),
    );
    const formatArb = fc.constantFrom<Format | 'auto'>('auto', ...FORMATS);
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 60 }), formatArb, cutsArb, async (parts, format, cuts) => {
        await same(Buffer.from(parts.join('')), cuts, { format });
      }),
      { numRuns: 400 },
    );
  });

  it('mutated fixtures (truncated, bytes inserted, flipped, duplicated), every format', async () => {
    const mutation = fc.record({ kind: fc.constantFrom('truncate', 'delete', 'insert', 'flip', 'duplicate'), at: fc.nat(), len: fc.nat({ max: 200 }), bytes: fc.uint8Array({ maxLength: 20 }) });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fixtures), fc.array(mutation, { minLength: 1, maxLength: 3 }), cutsArb, fc.boolean(), async (fx, ms, cuts, named) => {
        let d = Buffer.from(fx.data);
        for (const m of ms) {
          const at = d.length ? m.at % (d.length + 1) : 0;
          if (m.kind === 'truncate') d = d.subarray(0, at);
          else if (m.kind === 'delete') d = Buffer.concat([d.subarray(0, at), d.subarray(at + m.len)]);
          else if (m.kind === 'insert') d = Buffer.concat([d.subarray(0, at), m.bytes, d.subarray(at)]);
          else if (m.kind === 'flip') d[at] = m.bytes[0] ?? 0;
          else d = Buffer.concat([d.subarray(0, at + m.len), d.subarray(at)]);
        }
        await same(new Uint8Array(d), cuts, named ? { filename: fx.name } : {});
      }),
      { numRuns: 300 },
    );
  });

  it('long inputs: past the 64 KB head, lines across chunks, a lower-case name settled late', async () => {
    const lines: string[] = ['Title of the recording', 'sam: hello there'];
    for (let i = 0; i < 6000; i++) lines.push(i % 2 ? `Maya: turn ${i} with some words é` : `Jordan: reply ${i}`);
    lines.push('sam: I am back', 'btw: a one-off lower-case word, decided only at the end');
    for (let i = 0; i < 50; i++) lines.push(`Maya: after ${i}`);
    const data = Buffer.from(lines.join('\n'));
    await same(data, [7, 65_535, 65_536, 65_537, 100_001]);
    // a tiny hold limit sends the held lines through the temporary file
    await same(data, [3, 4096, 70_000], { holdChars: 100 });
    const spills = () => readdirSync(tmpdir()).filter((f) => f.startsWith(`dyadic-txt-${process.pid}-`));
    const s = parseTranscriptStream(chunked(data, [1000]), { holdChars: 100 });
    let n = 0;
    for await (const _t of s) {
      if (n++ === 0) expect(spills()).toHaveLength(1); // the held lines went to a temporary file…
    }
    expect(n).toBe((await parseTranscript(data)).turns.length);
    expect(spills()).toEqual([]); // …removed at the end
    // and when the reader stops early
    let k = 0;
    for await (const _t of parseTranscriptStream(chunked(data, [1000]), { holdChars: 100 })) if (++k === 3) break;
    expect(spills()).toEqual([]);
  });

  it('UTF-16 with a surrogate pair across chunks, CRLF split between chunks', async () => {
    const text = 'Maya: hi 😀 there\r\nJordan: 𝄞 music\r\n'.repeat(50);
    const data = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    for (let cut = 1; cut < 80; cut++) await same(data, [cut, cut + 1, cut + 39]);
    const utf8 = Buffer.from(text);
    for (let cut = 1; cut < 60; cut++) await same(utf8, [cut, cut + 1, cut + 2]);
  });

  it('streams from a file and a web ReadableStream; reports what streamed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dyadic-stream-'));
    const f = join(dir, 's.vtt');
    writeFileSync(f, readFileSync(join(FIX, 'zoom.vtt')));
    const s = parseTranscriptFileStream(f);
    const turns: Turn[] = [];
    for await (const t of s) turns.push(t);
    expect(turns).toEqual((await parseTranscript(readFileSync(f))).turns);
    expect([s.format, s.streamed]).toEqual(['vtt', true]);

    const web = new Blob([readFileSync(join(FIX, 'whisperx.json'))]).stream();
    const j = parseTranscriptStream(web, { filename: 'whisperx.json' });
    const jt: Turn[] = [];
    for await (const t of j) jt.push(t);
    expect(jt.length).toBeGreaterThan(0);
    expect([j.format, j.streamed]).toEqual(['json', false]); // a JSON document is read whole
  });

  it('no byte limit for streamed formats, maxBytes for formats read whole', async () => {
    const txt = Buffer.from('Maya: hi\nJordan: hello\n'.repeat(100));
    const s = parseTranscriptStream(chunked(txt, [10]), { maxBytes: 100 });
    let n = 0;
    for await (const _t of s) n++;
    expect(n).toBe(200);
    const json = Buffer.from(JSON.stringify({ segments: [{ speaker: 'A', text: 'x'.repeat(500) }] }));
    await expect(streamed(chunked(json, [10]), { maxBytes: 100 })).resolves.toEqual({ ok: false, message: 'unknown: expected a file of at most 0 MB, found 0 MB' });
  });
});
