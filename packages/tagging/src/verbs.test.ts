import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildVerbs, VERBS_FILE } from '../scripts/build-verbs.js';
import { tagConversation, type UtteranceInput } from './index.js';

const conv = (...lines: string[]): UtteranceInput[] => lines.map((l, i) => ({ speaker: l.startsWith('T:') ? 'mentor' : 'mentee', text: l.slice(2).trim(), turn: i }));
const advice = (...lines: string[]) => tagConversation(conv(...lines)).at(-1)!.tags.advice;

describe('verbs.json (WordNet mostly-verb words)', () => {
  it('is exactly what scripts/build-verbs.ts builds from the installed WordNet', () => {
    const committed = JSON.parse(readFileSync(VERBS_FILE, 'utf8')) as ReturnType<typeof buildVerbs>;
    expect(committed).toEqual(buildVerbs());
    expect(committed.verbs.length).toBeGreaterThan(1000);
  });

  it('lets any mostly-verb word open an imperative, with its object (§4.3)', () => {
    const problem = 'E: My cousin keeps asking me for money.';
    expect(advice(problem, 'T: Protect yourself and your savings.')).toBe(true);
    expect(advice(problem, 'T: Refuse politely and offer to help another way.')).toBe(true);
    expect(advice(problem, 'T: Ignore him for a while.')).toBe(true); // also in the hand list
    // wishes, thanks and dropped-subject chat are not directions
    expect(advice(problem, 'T: Hope things get better soon.')).toBe(false);
    expect(advice(problem, 'T: Hate to hear that.')).toBe(false);
    expect(advice('E: Why do they fight?', 'T: Fight happens for lots of reasons.')).toBe(false);
  });
});
