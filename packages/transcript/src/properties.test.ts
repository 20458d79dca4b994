import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Turn } from '@dyadic/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FORMATS, TranscriptParseError, parseTranscript, speakerKey } from './index.js';
import type { Format, ParsedTranscript } from './index.js';
import { turnsArbitrary } from './testing/arbitraries.js';
import { toChat, toCsv, toJson, toSrt, toTxt, toVtt } from './testing/serialize.js';
import { makeDocx } from './testing/zip.js';

const FIX = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
const fixtures = readdirSync(FIX).map((name) => ({ name, data: new Uint8Array(readFileSync(join(FIX, name))) }));

/** Parse and check the outcome: a well-formed transcript or a TranscriptParseError; anything else fails. Returns ms. */
async function outcome(data: Uint8Array, opts: Parameters<typeof parseTranscript>[1] = {}): Promise<number> {
  const t0 = performance.now();
  let p: ParsedTranscript | undefined;
  try {
    p = await parseTranscript(data, opts);
  } catch (err) {
    if (!(err instanceof TranscriptParseError)) throw err;
    expect(err.message).toMatch(/^(txt|vtt|srt|csv|tsv|json|docx|cha|unknown)(, line \d+)?: expected /);
  }
  const ms = performance.now() - t0;
  if (p) {
    expect(p.turns.length).toBeGreaterThan(0);
    const keys = new Set(p.speakers.map((s) => speakerKey(s.name)));
    p.turns.forEach((t, i) => {
      expect(t.index).toBe(i);
      expect(typeof t.text).toBe('string');
      expect(keys.has(speakerKey(t.speaker))).toBe(true);
      if (i > 0) expect(speakerKey(t.speaker)).not.toBe(speakerKey(p!.turns[i - 1]!.speaker));
      for (const v of [t.start, t.end]) if (v !== undefined) expect(Number.isFinite(v)).toBe(true);
    });
  }
  return ms;
}

// A hang guard, not a speed test: one small input taking this long means a runaway loop or regex.
const HANG_MS = 10_000;

const formatArb = fc.constantFrom<Format | 'auto'>('auto', ...FORMATS);

describe('properties: never an exception other than TranscriptParseError, never a hang', () => {
  it('random bytes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), formatArb, async (bytes, format) => {
        expect(await outcome(bytes, { format })).toBeLessThan(HANG_MS);
      }),
      { numRuns: 300 },
    );
  });

  it('random text, including transcript-looking fragments', async () => {
    const piece = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 40 }),
      fc.constantFrom('WEBVTT\n', '-->', '00:00:01.000 --> 00:00:02.000\n', '<v Sam>', '</v>', 'Sam: ', '\n\n', '[00:01]', '@Participants:\t',
        '*CHI:\t', '%mor:\t', '\t', '{"segments":[', '{"speaker":"A","text":"x"}', ']', '"', ',', 'speaker,text\n', '\r', '\u0015', '1\n', 'NOTE', '&-um', '[/]'),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 60 }), formatArb, async (parts, format) => {
        expect(await outcome(Buffer.from(parts.join('')), { format })).toBeLessThan(HANG_MS);
      }),
      { numRuns: 400 },
    );
  });

  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.nat({ max: 200 }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), bytes: fc.uint8Array({ maxLength: 30 }) }),
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), len: fc.nat({ max: 300 }) }),
  );
  type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;
  function mutate(data: Uint8Array, ms: Mutation[]): Uint8Array {
    let d = Buffer.from(data);
    for (const m of ms) {
      const at = d.length ? m.at % (d.length + 1) : 0;
      if (m.kind === 'truncate') d = d.subarray(0, at);
      else if (m.kind === 'delete') d = Buffer.concat([d.subarray(0, at), d.subarray(at + m.len)]);
      else if (m.kind === 'insert') d = Buffer.concat([d.subarray(0, at), m.bytes, d.subarray(at)]);
      else if (m.kind === 'flip') {
        if (at < d.length) d[at] = m.value;
      } else d = Buffer.concat([d.subarray(0, at + m.len), d.subarray(at)]);
    }
    return new Uint8Array(d);
  }

  it('mutated fixtures (every format, DOCX included)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...fixtures), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), async (fx, ms, useName) => {
        expect(await outcome(mutate(fx.data, ms), useName ? { filename: fx.name } : {})).toBeLessThan(HANG_MS);
      }),
      { numRuns: 500 },
    );
  });
});

describe('properties: round trip turns → file → turns', () => {
  const turnsArb = turnsArbitrary({ speakers: ['Maya', 'Jordan', 'Mom', 'Sam Lee', 'Support Person'], punctuation: ['', '', '', '.', ',', '?', '!'], maxTurns: 25 });

  /** What the parser must return: consecutive same-speaker segments merged. */
  function merged(turns: Turn[], timing: 'both' | 'start' | 'none'): Turn[] {
    const out: Turn[] = [];
    for (const t of turns) {
      const last = out[out.length - 1];
      if (last && last.speaker === t.speaker) {
        last.text += ' ' + t.text;
        if (timing === 'both') last.end = t.end!;
        continue;
      }
      const n: Turn = { index: out.length, speaker: t.speaker, text: t.text };
      if (timing !== 'none') n.start = t.start!;
      if (timing === 'both') n.end = t.end!;
      out.push(n);
    }
    return out;
  }

  const cases: [string, (t: Turn[]) => Uint8Array, 'both' | 'start'][] = [
    ['vtt (Zoom)', (t) => Buffer.from(toVtt(t, 'zoom')), 'both'],
    ['vtt (voices)', (t) => Buffer.from(toVtt(t, 'voice')), 'both'],
    ['srt', (t) => Buffer.from(toSrt(t)), 'both'],
    ['txt', (t) => Buffer.from(toTxt(t)), 'start'],
    ['csv', (t) => Buffer.from(toCsv(t)), 'both'],
    ['tsv', (t) => Buffer.from(toCsv(t, '\t')), 'both'],
    ['json', (t) => Buffer.from(toJson(t)), 'both'],
    ['docx', (t) => makeDocx(toTxt(t).trimEnd().split('\n')), 'start'],
  ];
  it.each(cases)('%s', async (_name, write, timing) => {
    await fc.assert(
      fc.asyncProperty(turnsArb, async (turns) => {
        const p = await parseTranscript(write(turns));
        expect(p.turns).toEqual(merged(turns, timing));
      }),
      { numRuns: 60 },
    );
  });

  it('cha (words only: punctuation is CHAT markup)', async () => {
    const codes: Record<string, string> = { Maya: 'MEN', Jordan: 'CHI', Mom: 'MOT', 'Sam Lee': 'SAM', 'Support Person': 'SUP' };
    // xx/yy/xxx/yyy/www are CHAT's unintelligible markers and are cleaned out on purpose
    const word = (w: string) => (/^(?:xx|yy|xxx|yyy|www)$/i.test(w) ? 'ok' : w);
    const plain = turnsArb.map((ts) => ts.map((t) => ({ ...t, text: t.text.replace(/[.,?!]/g, '').split(' ').map(word).join(' ') })));
    await fc.assert(
      fc.asyncProperty(plain, async (turns) => {
        const p = await parseTranscript(Buffer.from(toChat(turns, codes)));
        expect(p.turns).toEqual(merged(turns, 'both'));
      }),
      { numRuns: 60 },
    );
  });
});
