import type { Turn } from '@dyadic/domain';
import fc from 'fast-check';

/**
 * fast-check arbitrary of timed turns for round-trip and streaming properties: words with the given punctuation,
 * speakers from `speakers`, gaps of 0–5 s and turns of up to 9 s.
 */
export function turnsArbitrary(o: { speakers: string[]; punctuation: string[]; maxTurns: number }): fc.Arbitrary<Turn[]> {
  const word = fc.stringMatching(/^[A-Za-z][a-z]{0,7}$/);
  const punct = fc.constantFrom(...o.punctuation);
  const textArb = fc.array(fc.tuple(word, punct).map(([w, p]) => w + p), { minLength: 1, maxLength: 12 }).map((ws) => ws.join(' '));
  return fc
    .array(fc.record({ speaker: fc.constantFrom(...o.speakers), text: textArb, gap: fc.integer({ min: 0, max: 5000 }), dur: fc.integer({ min: 1, max: 9000 }) }), {
      minLength: 1,
      maxLength: o.maxTurns,
    })
    .map((rows) => {
      let t = 0;
      return rows.map((r, index): Turn => {
        const start = (t + r.gap) / 1000;
        t += r.gap + r.dur;
        return { index, speaker: r.speaker, text: r.text, start, end: t / 1000 };
      });
    });
}
