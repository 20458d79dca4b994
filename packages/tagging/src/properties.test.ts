import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TAG_NAMES, tagConversation, type UtteranceInput } from './index.js';

const words = ['I', 'me', 'my', 'you', 'not', 'sad', 'happy', 'scared', 'try', 'should', 'too', 'yeah', 'no', 'mom', 'job', 'school', "don't", "I'm", 'if', 'were', 'so', 'hard', 'it', 'was', '?', '.', ',', '!', 'miss', 'Jordan', 'worried', 'about', 'have', 'tried', 'asking'];
const sentence = fc.array(fc.constantFrom(...words), { maxLength: 14 }).map((w) => w.join(' '));
const utterance = fc.record({
  speaker: fc.constantFrom('mentor' as const, 'mentee' as const, 'other' as const),
  text: fc.oneof(sentence, fc.string({ maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 30 })),
});

describe('tagConversation properties', () => {
  it('never throws, keeps order and length, puts every evidence span inside its text, and is deterministic', () => {
    fc.assert(
      fc.property(fc.array(utterance, { maxLength: 25 }), (us) => {
        const input: UtteranceInput[] = us.map((u, i) => ({ ...u, turn: i }));
        const out = tagConversation(input);
        expect(out.map((o) => o.turn)).toEqual(input.map((u) => u.turn));
        for (const t of out) {
          for (const e of t.evidence) {
            expect(e.start).toBeGreaterThanOrEqual(0);
            expect(e.end).toBeGreaterThan(e.start);
            expect(e.end).toBeLessThanOrEqual(t.text.length);
          }
          for (const tag of TAG_NAMES) if (t.tags[tag]) expect(t.evidence.some((e) => e.tag === tag)).toBe(true);
          if (t.detail.backchannel) expect(TAG_NAMES.some((tag) => t.tags[tag])).toBe(false);
          if (t.tags.reciprocatedDisclosure) expect(t.tags.selfDisclosure).toBe(true);
          if (t.tags.emotion) expect(t.tags.selfDisclosure).toBe(true);
          if (t.speaker === 'other') expect(t.tags.reciprocatedDisclosure).toBe(false);
        }
        expect(tagConversation(input)).toEqual(out);
      }),
      { numRuns: 300 },
    );
  });
});
