import { describe, expect, it } from 'vitest';
import { record } from './testing.js';
import { computeTrends } from './trends.js';

describe('computeTrends', () => {
  it('reciprocation 1/4 → 2/4 → 3/4: slope 0.25 per session, rising', () => {
    const t = computeTrends([
      record('s1', '2026-01-01', { menteeSd: 4, reciprocated: 1 }),
      record('s2', '2026-01-08', { menteeSd: 4, reciprocated: 2 }),
      record('s3', '2026-01-15', { menteeSd: 4, reciprocated: 3 }),
    ]).reciprocationRate;
    expect(t.n).toBe(3);
    expect(t.slope).toBeCloseTo(0.25, 10);
    expect(t.intercept).toBeCloseTo(0.25, 10);
    expect(t.direction).toBe('rising');
    expect(t.insufficientSessions).toBe(false);
    expect(t.points.map((p) => [p.index, p.num, p.den])).toEqual([[0, 1, 4], [1, 2, 4], [2, 3, 4]]);
  });

  it('skips a session without a value but keeps the others at their positions', () => {
    // values 0.25, –, 0.5, 0.75 at x = 0, 2, 3: x̄ = 5/3, ȳ = 0.5; Sxy = 5/12 + 0 + 1/3 = 0.75; Sxx = 42/9
    // slope = 0.75 / (42/9) = 9/56 = 0.160714; intercept = 0.5 − (9/56)(5/3) = 0.232143
    const t = computeTrends([
      record('s1', '2026-01-01', { menteeSd: 4, reciprocated: 1 }),
      record('s2', '2026-01-08', { menteeSd: 0, menteeOther: 3 }),
      record('s3', '2026-01-15', { menteeSd: 4, reciprocated: 2 }),
      record('s4', '2026-01-22', { menteeSd: 4, reciprocated: 3 }),
    ]).reciprocationRate;
    expect(t.n).toBe(3);
    expect(t.points.map((p) => p.index)).toEqual([0, 2, 3]);
    expect(t.slope).toBeCloseTo(9 / 56, 10);
    expect(t.intercept).toBeCloseTo(0.232143, 6);
  });

  it('sorts by date before taking positions', () => {
    const t = computeTrends([
      record('late', '2026-02-01', { menteeSd: 4, reciprocated: 0 }),
      record('early', '2026-01-01', { menteeSd: 4, reciprocated: 4 }),
      record('mid', '2026-01-15', { menteeSd: 4, reciprocated: 2 }),
    ]).reciprocationRate;
    expect(t.points.map((p) => p.sessionId)).toEqual(['early', 'mid', 'late']);
    expect(t.slope).toBeCloseTo(-0.5, 10);
    expect(t.direction).toBe('falling');
  });

  it('fewer than 3 sessions with a value: insufficientSessions, no slope, no direction', () => {
    const t = computeTrends([
      record('s1', '2026-01-01', { menteeSd: 4, reciprocated: 1 }),
      record('s2', '2026-01-08', { menteeSd: 4, reciprocated: 3 }),
    ]);
    for (const trend of Object.values(t)) {
      expect(trend.insufficientSessions).toBe(true);
      expect(trend.slope).toBeNull();
      expect(trend.direction).toBeNull();
    }
    expect(t.reciprocationRate.n).toBe(2);
  });

  it('flat band: 2 % of the scale per session (0.02 for shares, 2 for per-100 rates)', () => {
    // mentee per 100: 4/8 = 50, 4/8 = 50, 4/7 = 57.1 → slope 3.57 > 2 → rising; shares all 0.5 → flat
    const t = computeTrends([
      record('s1', '2026-01-01', { menteeSd: 4, reciprocated: 2, menteeOther: 4 }),
      record('s2', '2026-01-08', { menteeSd: 4, reciprocated: 2, menteeOther: 4 }),
      record('s3', '2026-01-15', { menteeSd: 4, reciprocated: 2, menteeOther: 3 }),
    ]);
    expect(t.reciprocationRate).toMatchObject({ slope: 0, direction: 'flat', flatBand: 0.02 });
    expect(t['sdRatePer100.mentee'].flatBand).toBe(2);
    expect(t['sdRatePer100.mentee'].slope).toBeCloseTo((400 / 7 - 50) / 2, 10);
    expect(t['sdRatePer100.mentee'].direction).toBe('rising');
    // a wider band makes the same slope flat
    expect(computeTrends([], { flatBandFraction: 0.05 })['sdRatePer100.mentee'].flatBand).toBe(5);
  });

  it('reports the five trended rates', () => {
    expect(Object.keys(computeTrends([])).sort()).toEqual([
      'adviceAfterDisclosureRate',
      'emotionSdShare.dyad',
      'reciprocationRate',
      'sdRatePer100.dyad',
      'sdRatePer100.mentee',
    ]);
  });
});
