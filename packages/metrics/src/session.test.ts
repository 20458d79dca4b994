import { describe, expect, it } from 'vitest';
import { computeSessionMetrics } from './session.js';
import { utt } from './testing.js';
import { METRICS_VERSION } from './types.js';

/**
 * A hand-built call (10 turns) covering every count. Mentor turns 1,3,7,9,10 (10 = back-channel); mentee turns
 * 2,4,6,8 (4 = back-channel); turn 5 is the mentee's mother ('other'), tagged to prove she is left out.
 */
const call = [
  utt(1, 'mentor', { text: 'How was school?' }),
  utt(2, 'mentee', {
    text: 'Bad. I got yelled at.',
    sd: 'fact',
    response: { primary: 'reciprocated_disclosure', turn: 3, advice: true, reciprocated: true },
  }),
  utt(3, 'mentor', { text: 'That happened to me too. Tell your teacher.', sd: 'fact', advice: true, recip: { turn: 2 } }),
  utt(4, 'mentee', { text: 'yeah', backchannel: true }),
  utt(5, 'other', { text: 'He was upset all day. I was worried.', sd: 'emotion', advice: true }),
  utt(6, 'mentee', { text: 'I was so sad.', sd: 'emotion', depth: 'high', response: { primary: 'question_followup', turn: 7 } }),
  utt(7, 'mentor', { text: 'Why were you sad?' }),
  utt(8, 'mentee', {
    text: 'I miss my old school.',
    sd: 'emotion',
    depth: 'low',
    response: { primary: 'topic_change', turn: 9, looseReciprocated: true },
  }),
  utt(9, 'mentor', { text: 'I went to the doctor yesterday.', sd: 'fact', depth: 'low', loose: true }),
  utt(10, 'mentor', { text: 'mm-hmm', backchannel: true }),
];

describe('computeSessionMetrics: counts', () => {
  const m = computeSessionMetrics(call, { durationSeconds: 600 });
  const c = m.counts;

  it('counts utterances by role; back-channels are utterances but not substantive', () => {
    expect(c.utterances).toEqual({ mentor: 5, mentee: 4, other: 1, dyad: 9, total: 10 });
    expect(c.substantiveUtterances).toEqual({ mentor: 4, mentee: 3, other: 1, dyad: 7, total: 8 });
  });

  it("leaves the 'other' speaker out of every disclosure, emotion and advice count", () => {
    expect(c.selfDisclosures).toEqual({ mentor: 2, mentee: 3, dyad: 5 });
    expect(c.emotionDisclosures).toEqual({ mentor: 0, mentee: 2, dyad: 2 });
    expect(c.emotionUtterances).toEqual({ mentor: 0, mentee: 2, dyad: 2 });
    expect(c.mentorAdvice).toBe(1);
  });

  it('counts reciprocations, responses and depth', () => {
    expect(c.reciprocatedDisclosures).toEqual({ mentorStrict: 1, mentorLoose: 2, mentorStrictTypeMatched: 1, menteeStrict: 0 });
    expect(c.menteeDisclosures).toBe(3);
    expect(c.mentorResponses).toEqual({
      reciprocated_disclosure: 1,
      advice: 0,
      question_followup: 1,
      empathy_validation: 0,
      acknowledgement_only: 0,
      topic_change: 1,
      script_move: 0,
      no_response: 0,
    });
    expect(c.menteeDisclosuresFollowedBy).toEqual({ advice: 1, reciprocation: 1, reciprocationLoose: 2 });
    expect(c.highDepthDisclosures).toEqual({ mentor: 0, mentee: 1, dyad: 1 });
    expect(c.depthCodedDisclosures).toEqual({ mentor: 1, mentee: 2, dyad: 3 });
    expect(c.durationSeconds).toBe(600);
  });

  it('carries its version and the codebook version', () => {
    expect(m.metricsVersion).toBe(METRICS_VERSION);
    expect(m.codebookVersions).toEqual(['0.2']);
  });
});

describe('computeSessionMetrics: rates', () => {
  const r = computeSessionMetrics(call, { durationSeconds: 600 }).rates;

  it('sdRatePer100: 100 × disclosures / utterances, Wilson ×100, lowCount under 5', () => {
    // mentee 3 of 4 utterances → 75 (Wilson 3/4 = [0.3006, 0.9544], see stats.test.ts), den 4 < 5 → lowCount
    expect(r.sdRatePer100.mentee).toMatchObject({ num: 3, den: 4, value: 75, lowCount: true });
    expect(r.sdRatePer100.mentee.ci95?.[0]).toBeCloseTo(30.06, 2);
    expect(r.sdRatePer100.mentee.ci95?.[1]).toBeCloseTo(95.44, 2);
    expect(r.sdRatePer100.mentor).toMatchObject({ num: 2, den: 5, value: 40, lowCount: false });
    expect(r.sdRatePer100.dyad).toMatchObject({ num: 5, den: 9 });
    expect(r.sdRatePer100.dyad.value).toBeCloseTo(55.556, 3); // 500 / 9
  });

  it('per 100 substantive utterances drops the back-channels from the denominator', () => {
    expect(r.sdRatePer100Substantive.mentee).toMatchObject({ num: 3, den: 3, value: 100 });
    expect(r.sdRatePer100Substantive.mentor).toMatchObject({ num: 2, den: 4, value: 50 });
    expect(r.sdRatePer100Substantive.dyad.value).toBeCloseTo(71.429, 3); // 500 / 7
  });

  it('sdPerMinute: 5 dyad disclosures in 10 minutes, no interval', () => {
    expect(r.sdPerMinute).toEqual({ num: 5, den: 10, value: 0.5, ci95: null, lowCount: false });
  });

  it('emotion shares and rates', () => {
    expect(r.emotionSdShare.mentee.value).toBeCloseTo(2 / 3, 10);
    expect(r.emotionSdShare.mentor).toMatchObject({ num: 0, den: 2, value: 0 });
    expect(r.emotionSdShare.dyad).toMatchObject({ num: 2, den: 5, value: 0.4 });
    expect(r.emotionRatePer100.mentee).toMatchObject({ num: 2, den: 4, value: 50 });
    expect(r.emotionRatePer100.mentor).toMatchObject({ num: 0, den: 5, value: 0 });
  });

  it('mentor advice and the responses to the 3 mentee disclosures', () => {
    expect(r.adviceRatePer100).toMatchObject({ num: 1, den: 5, value: 20 });
    expect(r.mentorResponseDistribution.reciprocated_disclosure).toMatchObject({ num: 1, den: 3 });
    expect(r.mentorResponseDistribution.advice).toMatchObject({ num: 0, den: 3, value: 0 });
    expect(r.mentorResponseDistribution.topic_change.value).toBeCloseTo(1 / 3, 10);
    // advice is multi-label: turn 3 is primary reciprocated_disclosure but also advice
    expect(r.adviceAfterDisclosureRate).toMatchObject({ num: 1, den: 3, lowCount: true });
    expect(r.reciprocationRate).toMatchObject({ num: 1, den: 3 });
    expect(r.reciprocationRateLoose).toMatchObject({ num: 2, den: 3 });
  });

  it('balance, emotion matching and depth', () => {
    expect(r.mentorSdShare).toMatchObject({ num: 2, den: 5, value: 0.4 });
    expect(r.emotionMatchingRate).toMatchObject({ num: 1, den: 1, value: 1 });
    expect(r.depthShareHigh.mentee).toMatchObject({ num: 1, den: 2, value: 0.5 });
    expect(r.depthShareHigh.dyad).toMatchObject({ num: 1, den: 3 });
  });
});

describe('computeSessionMetrics: edge cases', () => {
  it('the issue example: 4 mentee utterances, 2 disclosures → 50 per 100, lowCount', () => {
    const m = computeSessionMetrics([
      utt(1, 'mentee', { sd: 'fact', response: { primary: 'no_response' } }),
      utt(2, 'mentee'),
      utt(3, 'mentee', { sd: 'fact', response: { primary: 'no_response' } }),
      utt(4, 'mentee'),
    ]);
    expect(m.rates.sdRatePer100.mentee).toMatchObject({ num: 2, den: 4, value: 50, lowCount: true });
    expect(m.rates.sdRatePer100.mentor).toEqual({ num: 0, den: 0, value: null, ci95: null, lowCount: true });
  });

  it('without a duration sdPerMinute is undefined (den 0, value null)', () => {
    const m = computeSessionMetrics(call);
    expect(m.counts.durationSeconds).toBeNull();
    expect(m.rates.sdPerMinute).toMatchObject({ num: 0, den: 0, value: null });
  });

  it("a mentor reciprocation of an 'other' speaker's disclosure is not a dyad reciprocation", () => {
    const m = computeSessionMetrics([
      utt(1, 'other', { sd: 'fact' }),
      utt(2, 'mentor', { sd: 'fact', recip: { turn: 1 }, loose: true }),
    ]);
    expect(m.counts.selfDisclosures).toEqual({ mentor: 1, mentee: 0, dyad: 1 });
    expect(m.counts.reciprocatedDisclosures.mentorStrict).toBe(0);
    expect(m.counts.reciprocatedDisclosures.mentorLoose).toBe(0);
  });

  it('a mentee disclosure without mentorResponse counts as no_response', () => {
    const m = computeSessionMetrics([utt(1, 'mentee', { sd: 'fact' })]);
    expect(m.counts.mentorResponses.no_response).toBe(1);
    expect(m.rates.reciprocationRate).toMatchObject({ num: 0, den: 1, value: 0 });
  });

  it('an empty session gives zeros and null rates', () => {
    const m = computeSessionMetrics([]);
    expect(m.counts.utterances.total).toBe(0);
    expect(m.rates.reciprocationRate.value).toBeNull();
    expect(m.codebookVersions).toEqual([]);
  });

  it('is plain JSON: a round trip gives the same object', () => {
    for (const m of [computeSessionMetrics(call, { durationSeconds: 600 }), computeSessionMetrics([])]) {
      expect(JSON.parse(JSON.stringify(m))).toStrictEqual(m);
    }
  });
});
