import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildTopics, TOPICS_FILE } from '../scripts/build-topics.js';
import { buildVerbs, VERBS_FILE } from '../scripts/build-verbs.js';
import { loadCodebook, tagConversation, type UtteranceInput } from './index.js';

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

describe('topics-wordnet.json (nouns → topic categories from WordNet hypernyms)', () => {
  it('is exactly what scripts/build-topics.ts builds from the installed WordNet', () => {
    const committed = JSON.parse(readFileSync(TOPICS_FILE, 'utf8')) as ReturnType<typeof buildTopics>;
    expect(committed).toEqual(buildTopics());
  });

  it('puts words the hand lexicon lacks into the right category, by their most frequent sense', () => {
    const topics = loadCodebook().topics;
    expect(topics.get('migraine')).toContain('health');
    expect(topics.get('tuition')).toContain('money');
    expect(topics.get('stepmother')).toContain('family');
    expect(topics.get('violin')).toContain('hobbies');
    expect(topics.get('time')).toBeUndefined();
  });

  it('lets the same-topic test see two disclosures about one subject in different words (§4.4)', () => {
    const t = tagConversation(conv('E: My migraines have been awful all week.', 'T: Last year I had nausea every single morning for a month.')).at(-1)!;
    expect(t.tags.reciprocatedDisclosure).toBe(true);
    expect(t.detail.reciprocates?.topicMatch).toBe('same_topic');
    // a different subject stays loose (§4.5.8: rent after a driving test)
    const d = tagConversation(conv('E: I failed my driving test.', 'T: My landlord raised the rent.')).at(-1)!;
    expect(d.tags.reciprocatedDisclosure).toBe(false);
    expect(d.detail.looseReciprocation).toBe(true);
  });
});
