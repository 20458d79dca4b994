import { describe, expect, it } from 'vitest';
import { computeDyadMetrics } from './dyad.js';
import { record } from './testing.js';

/**
 * Three calls (given out of order on purpose):
 *   A 2026-01-05  1 mentee disclosure, reciprocated; 1 mentee + 1 mentor utterance; 300 s
 *   B 2026-01-12  4 mentee disclosures, none reciprocated, 4 other mentee turns; 8 mentee + 4 mentor utterances; 600 s
 *   C 2026-01-19  no disclosure, 2 mentee turns; duration unknown
 */
const A = record('A', '2026-01-05', { menteeSd: 1, reciprocated: 1 }, 300);
const B = record('B', '2026-01-12', { menteeSd: 4, menteeOther: 4 }, 600);
const C = record('C', '2026-01-19', { menteeSd: 0, menteeOther: 2 });

describe('computeDyadMetrics', () => {
  const d = computeDyadMetrics([B, C, A]);

  it('orders sessions by date', () => {
    expect(d.sessions).toBe(3);
    expect(d.firstSessionDate).toBe('2026-01-05');
    expect(d.lastSessionDate).toBe('2026-01-19');
  });

  it('pooled and mean of sessions differ when denominators differ', () => {
    // pooled: (1 + 0) / (1 + 4) = 0.2; mean of the defined session values: (1 + 0) / 2 = 0.5 (C has none)
    expect(d.pooled.reciprocationRate).toMatchObject({ num: 1, den: 5, value: 0.2 });
    expect(d.meanOfSessions.reciprocationRate).toEqual({ value: 0.5, n: 2 });
    // mentee per 100: pooled 100 × 5/11 = 45.45; sessions 100, 50, 0 → mean 50 over 3
    expect(d.pooled.sdRatePer100.mentee).toMatchObject({ num: 5, den: 11 });
    expect(d.pooled.sdRatePer100.mentee.value).toBeCloseTo(45.4545, 4);
    expect(d.meanOfSessions.sdRatePer100.mentee).toEqual({ value: 50, n: 3 });
  });

  it('sums every count, including the response categories', () => {
    expect(d.pooledCounts.utterances).toEqual({ mentor: 5, mentee: 11, other: 0, dyad: 16, total: 16 });
    expect(d.pooledCounts.menteeDisclosures).toBe(5);
    expect(d.pooledCounts.mentorResponses.reciprocated_disclosure).toBe(1);
    expect(d.pooledCounts.mentorResponses.question_followup).toBe(4);
    expect(d.pooledCounts.reciprocatedDisclosures.mentorStrict).toBe(1);
  });

  it('pools per-minute rates only when every session has a duration', () => {
    expect(d.pooledCounts.durationSeconds).toBeNull();
    expect(d.pooled.sdPerMinute.value).toBeNull();
    // A: 2 dyad disclosures / 5 min = 0.4; B: 4 / 10 min = 0.4
    expect(d.meanOfSessions.sdPerMinute).toEqual({ value: 0.4, n: 2 });
    const ab = computeDyadMetrics([A, B]);
    expect(ab.pooledCounts.durationSeconds).toBe(900);
    expect(ab.pooled.sdPerMinute).toMatchObject({ num: 6, den: 15, value: 0.4 });
  });

  it('does not change the session metrics it pools', () => {
    const before = structuredClone(A.metrics);
    computeDyadMetrics([A, B]);
    expect(A.metrics).toStrictEqual(before);
  });

  it('an empty dyad has zero counts, null rates and null dates', () => {
    const e = computeDyadMetrics([]);
    expect(e.sessions).toBe(0);
    expect(e.firstSessionDate).toBeNull();
    expect(e.pooled.reciprocationRate.value).toBeNull();
    expect(e.meanOfSessions.mentorResponseDistribution.advice).toEqual({ value: null, n: 0 });
  });

  it('reads sessions stored by an older version that lack a field (missing counts add 0)', () => {
    const old = structuredClone(B);
    const counts = old.metrics.counts as unknown as Record<string, unknown>;
    delete (counts.mentorResponses as Record<string, unknown>).script_move;
    delete counts.menteeDisclosuresFollowedBy;
    delete (old.metrics.rates as unknown as Record<string, unknown>).depthShareHigh;
    const d2 = computeDyadMetrics([A, old]);
    expect(d2.pooledCounts.mentorResponses.script_move).toBe(0);
    expect(d2.pooledCounts.mentorResponses.question_followup).toBe(4);
    expect(d2.pooledCounts.menteeDisclosuresFollowedBy.reciprocation).toBe(1); // A's only
    expect(d2.meanOfSessions.depthShareHigh.dyad).toEqual({ value: null, n: 0 });
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(d))).toStrictEqual(d);
  });
});
