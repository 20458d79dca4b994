import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLine, type InputLine } from './jsonl.js';

/** parseLine through JSON.parse only (`keepRaw` skips the fast path), or the error it throws. */
function reference(text: string): InputLine | undefined | string {
  try {
    const l = parseLine(text, 7, { keepRaw: true });
    if (l) delete l.raw;
    return l;
  } catch (err) {
    return (err as Error).message;
  }
}
function fast(text: string): InputLine | undefined | string {
  try {
    return parseLine(text, 7);
  } catch (err) {
    return (err as Error).message;
  }
}

const str = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('', 'a\\b', '"', '\u2028', '\ud800', 'x\ny', '\t', 'mentor'));
const num = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(-0, 1e21, 123456789012345, 1234567890123456, 0.5));
const value = fc.oneof(str, num, fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({}));
const speaker = fc.oneof(fc.constantFrom('mentor', 'mentee', 'other'), value);

const usual = fc.record({
  id: fc.oneof(str, fc.integer(), fc.constantFrom(-0, 999999999999999, 1000000000000000, 1.5)),
  conversation_id: str,
  turn: fc.oneof(fc.integer(), fc.constantFrom(-0, 1e15, 2.5)),
  speaker: fc.constantFrom('mentor', 'mentee', 'other'),
  text: str,
});
const odd = fc.record({
  id: fc.oneof(str, num, value),
  conversation_id: fc.oneof(str, num, value),
  turn: fc.oneof(fc.integer(), num, value),
  speaker,
  text: fc.oneof(str, value),
});

/** A line as JSON.stringify writes it, with the usual keys or others, in the usual order or not, or edited. */
const line = fc.oneof(usual, odd).chain((o) =>
  fc.oneof(
    { arbitrary: fc.constant(JSON.stringify(o)), weight: 4 },
    fc.constant(JSON.stringify({ text: o.text, id: o.id, conversation_id: o.conversation_id, turn: o.turn, speaker: o.speaker })),
    fc.constant(JSON.stringify(o, null, 1)),
    fc.constant(` ${JSON.stringify(o)}\r`),
    fc.constant(JSON.stringify({ ...o, extra: 1 })),
    {
      arbitrary: fc.tuple(fc.nat(), fc.string({ maxLength: 3 })).map(([at, s]) => {
        const j = JSON.stringify(o);
        const k = at % (j.length + 1);
        return j.slice(0, k) + s + j.slice(k + 1);
      }),
      weight: 3,
    },
  ),
);

describe('parseLine', () => {
  it('gives what JSON.parse and the checks give, for usual lines, others and broken ones', () => {
    fc.assert(
      fc.property(line, (text) => {
        expect(fast(text)).toEqual(reference(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('takes the usual line apart, escapes and all', () => {
    for (const o of [
      { id: 'a1', conversation_id: 'c', turn: 0, speaker: 'mentee', text: 'I said "no" \\ and \u2028 \ud83d\ude00 \ud800 \u0001\n' },
      { id: 0, conversation_id: '', turn: -12, speaker: 'other', text: '' },
      { id: 999999999999999, conversation_id: 'x', turn: 3, speaker: 'mentor', text: 'ok' },
    ]) {
      const text = JSON.stringify(o);
      expect(fast(text)).toEqual(o);
      expect(fast(text)).toEqual(reference(text));
    }
    const minus = '{"id":-0,"conversation_id":"c","turn":-0,"speaker":"mentor","text":"\\u00e9\\/"}';
    expect(fast(minus)).toEqual({ id: -0, conversation_id: 'c', turn: -0, speaker: 'mentor', text: 'é/' });
    expect(fast(minus)).toEqual(reference(minus));
  });
});
