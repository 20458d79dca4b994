import { describe, expect, it } from 'vitest';
import { loadCodebook, tagConversation, type UtteranceInput } from './index.js';
import { StreamTagger, tagStream } from './stream.js';
import { generatedConversation } from './testing/generated-conversation.js';

const cb = loadCodebook();

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

async function* slowly<T>(xs: T[]): AsyncGenerator<T> {
  for (const x of xs) yield x;
}

describe('tagStream equals tagConversation on the whole conversation', () => {
  const cases: [number, number, { timed?: boolean; otherRate?: number }][] = [
    [1, 1_000, {}],
    [7, 3_000, { timed: true }],
    [7, 3_000, { otherRate: 0.25 }],
    [2000, 9_000, {}],
    [2000, 9_000, { timed: true, otherRate: 0.15 }],
  ];
  it.each(cases)('chunks of %i turns, %i turns, %o', async (chunkSize, turns, opts) => {
    for (const seed of [1, 2]) {
      const conv = generatedConversation(seed * 7919 + turns, turns, opts);
      const whole = tagConversation(conv, cb);
      const streamed = await collect(tagStream(slowly(conv), cb, { chunkSize }));
      expect(streamed).toHaveLength(whole.length);
      // compared turn by turn, so a failure names the first turn that differs
      for (let i = 0; i < whole.length; i++) expect(streamed[i], `turn ${i}`).toEqual(whole[i]);
    }
  });

  it('with tag options (reciprocation window 5) and from a plain array', async () => {
    const conv = generatedConversation(42, 2_500, { timed: true });
    const whole = tagConversation(conv, cb, { reciprocationWindow: 5, maxLagSeconds: 30 });
    expect(await collect(tagStream(conv, cb, { chunkSize: 300, reciprocationWindow: 5, maxLagSeconds: 30 }))).toEqual(whole);
  });

  it('short conversations and the opening exchange', async () => {
    for (const n of [0, 1, 2, 3, 4, 5, 30]) {
      const conv = generatedConversation(n + 1, n);
      for (const chunkSize of [1, 2, 7]) expect(await collect(tagStream(conv, cb, { chunkSize }))).toEqual(tagConversation(conv, cb));
    }
  });

  // A reciprocation chain: the mentor's second turn answers the mentee with "too"; every later mentor disclosure,
  // on an unrelated topic, is still a reciprocation because the mentor's previous one was (tagger.ts, "continuing
  // one's own reciprocating story"). Turn 601 depends on turn 1: an unbounded look-back.
  const chain: UtteranceInput[] = [
    { turn: 0, speaker: 'mentee', text: 'I was sad when my cat died.' },
    { turn: 1, speaker: 'mentor', text: 'I was sad when my cat died too.' },
  ];
  for (let i = 0; i < 300; i++) {
    chain.push({ turn: chain.length, speaker: 'mentee', text: 'I got a new job at the store.' });
    chain.push({ turn: chain.length, speaker: 'mentor', text: 'My brother is in the army.' });
  }

  it('a chain longer than the context: the check widens the context until it holds the chain', async () => {
    const whole = tagConversation(chain, cb);
    expect(whole.at(-1)!.tags.reciprocatedDisclosure).toBe(true);
    const t = new StreamTagger(cb, { chunkSize: 50 });
    const out = [...chain.flatMap((u) => t.push(u)), ...t.end()];
    expect(out).toEqual(whole);
    expect(t.stats.widened).toBeGreaterThan(0);
    expect(t.stats.unsettled).toBe(0);
  });

  it('a chain longer than maxContext is reported as unsettled (bounded memory wins)', () => {
    const t = new StreamTagger(cb, { chunkSize: 50, maxContext: 100 });
    let maxHeld = 0;
    const out = chain.flatMap((u) => {
      const r = t.push(u);
      maxHeld = Math.max(maxHeld, t.held);
      return r;
    });
    out.push(...t.end());
    expect(out).toHaveLength(chain.length);
    expect(t.stats.unsettled).toBeGreaterThan(0);
    expect(maxHeld).toBeLessThanOrEqual(100 + 2 * 50 + cb.windows.mentorResponseTurns);
  });

  it('holds a bounded window of turns', () => {
    const t = new StreamTagger(cb, { chunkSize: 500 });
    let maxHeld = 0;
    for (const u of generatedConversation(3, 12_000)) {
      t.push(u);
      maxHeld = Math.max(maxHeld, t.held);
    }
    t.end();
    expect(maxHeld).toBeLessThanOrEqual(4096 + 2 * 500 + cb.windows.mentorResponseTurns);
    expect(t.stats.unsettled).toBe(0);
  });
});
