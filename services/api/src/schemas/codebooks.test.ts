import { describe, expect, it } from 'vitest';
import { DomainError } from '@dyadic/domain';
import { loadCodebook } from '@dyadic/tagging';
import { checkDictionary, DICTIONARY_LIMITS, shippedEmotionCategories } from './codebooks.js';

/** The 422 a dictionary gets, as {field, reason}. */
function refusal(raw: unknown): { field: string; reason: string } {
  try {
    checkDictionary(raw);
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    const e = err as DomainError;
    expect(e.status).toBe(422);
    expect(e.type).toBe('invalid-dictionary');
    return e.extra as { field: string; reason: string };
  }
  throw new Error(`accepted: ${JSON.stringify(raw)}`);
}

describe('checkDictionary', () => {
  it('lower-cases, trims and sorts terms, so the same terms always make the same version', () => {
    const a = checkDictionary({ emotion: { Anger: ['  Salty ', 'Heated'] }, advice: { imperativeVerbs: [' Hydrate'] } });
    expect(a).toEqual({ emotion: { anger: ['heated', 'salty'] }, advice: { imperativeVerbs: ['hydrate'] } });
    const b = checkDictionary({ advice: { imperativeVerbs: ['hydrate'] }, emotion: { anger: ['salty', 'heated'] } });
    expect(loadCodebook({ extraTerms: a }).version).toBe(loadCodebook({ extraTerms: b }).version);
  });

  it('accepts a new emotion category when it has a valence', () => {
    expect(checkDictionary({ emotion: { vibing: ['vibing'] }, emotionValence: { vibing: 'positive' } })).toEqual({
      emotion: { vibing: ['vibing'] },
      emotionValence: { vibing: 'positive' },
    });
    expect(shippedEmotionCategories()).toMatchObject({ anger: 'negative', happiness: 'positive' });
  });

  it('accepts phrases, topics and back-channels', () => {
    const d = checkDictionary({ emotion: { fear: ['lowkey panicking'] }, topics: { gaming: ['fortnite', 'roblox'] }, backchannels: ['mhmm'], advice: { phrases: ["it might be worth"] } });
    expect(d.topics).toEqual({ gaming: ['fortnite', 'roblox'] });
    expect(d.advice?.phrases).toEqual(["it might be worth"]);
  });

  it.each([
    [{ feelings: { anger: ['salty'] } }, 'terms.feelings', 'not a known key'],
    [{ advice: { verbs: ['hydrate'] } }, 'terms.advice.verbs', 'not a known key'],
    [{}, 'terms', 'fewer than 1'],
    [{ emotion: { vibing: ['vibing'] } }, 'terms.emotion.vibing', 'not a category of the shipped lexicon'],
    [{ emotion: { anger: ['salty'] }, emotionValence: { anger: 'positive' } }, 'terms.emotionValence.anger', 'cannot be changed'],
    [{ emotion: { anger: ['salty'] }, emotionValence: { vibing: 'positive' } }, 'terms.emotionValence.vibing', 'has no terms'],
    [{ emotion: { vibing: ['x'] }, emotionValence: { vibing: 'great' } }, 'terms.emotionValence.vibing', ''],
    [{ emotion: { anger: [] } }, 'terms.emotion.anger', 'fewer than 1'],
    [{ emotion: { anger: ['salty', 'SALTY'] } }, 'terms.emotion.anger[1]', 'listed twice'],
    [{ emotion: { anger: ['salty'], fear: ['salty'] } }, 'terms.emotion.fear', 'also listed under anger'],
    [{ emotion: { anger: ['mad'] } }, 'terms.emotion.anger', 'already in the shipped lexicon'],
    [{ emotion: { anger: ['x'.repeat(61)] } }, 'terms.emotion.anger.0', 'more than 60'],
    [{ emotion: { anger: ['a b c d e f g'] } }, 'terms.emotion.anger[0]', 'more than 6 words'],
    [{ emotion: { anger: ['sal<ty'] } }, 'terms.emotion.anger[0]', 'only letters'],
    [{ emotion: { anger: ['   '] } }, 'terms.emotion.anger[0]', 'empty'],
    [{ emotion: { general: ['meh'] } }, 'terms.emotion.general', 'reserved'],
    [{ emotion: { '9lives': ['meh'] } }, 'terms.emotion.9lives', 'not a valid category name'],
    [{ advice: { imperativeVerbs: ['write down'] } }, 'terms.advice.imperativeVerbs[0]', 'one word'],
    [{ advice: { imperativeVerbs: ['try'] } }, 'terms.advice.imperativeVerbs', 'already in the shipped codebook'],
    [{ backchannels: ['yeah'] }, 'terms.backchannels', 'already a shipped back-channel'],
    [{ topics: { school: ['homework'] } }, 'terms.topics.school', 'already in the shipped topic'],
    [{ topics: { 'feeling:worry': ['x'] } }, 'terms.topics.feeling:worry', 'not a valid category name'],
    [{ backchannels: 'mhmm' }, 'terms.backchannels', 'array'],
    ['salty', 'terms', 'object'],
  ])('refuses %j at %s', (raw, field, reason) => {
    const r = refusal(raw);
    expect(r.field).toBe(field);
    expect(r.reason).toContain(reason);
  });

  it('limits the number of terms in a list and in all', () => {
    const many = (n: number, p: string) => Array.from({ length: n }, (_, i) => `${p}${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26) % 26)}q`);
    expect(refusal({ topics: { gaming: many(DICTIONARY_LIMITS.listItems + 1, 'g') } }).field).toBe('terms.topics.gaming');
    const topics = Object.fromEntries(Array.from({ length: 6 }, (_, k) => [`t${k}`, many(DICTIONARY_LIMITS.listItems, `t${k}x`)]));
    expect(refusal({ topics })).toEqual({ field: 'terms', reason: `more than ${DICTIONARY_LIMITS.totalTerms} terms in all` });
  });
});
