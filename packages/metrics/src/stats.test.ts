import { describe, expect, it } from 'vitest';
import { olsFit, olsSlope, per100, perUnit, share, wilson } from './stats.js';

describe('wilson', () => {
  it('3/10: hand-computed interval', () => {
    // p = 0.3, n = 10, z² = 3.8416, 1 + z²/n = 1.38416
    // centre = (0.3 + 0.19208) / 1.38416 = 0.35551
    // half   = 1.96 / 1.38416 · √(0.021 + 0.009604) = 1.41602 · 0.17494 = 0.24772
    const ci = wilson(3, 10);
    expect(ci?.[0]).toBeCloseTo(0.1078, 4);
    expect(ci?.[1]).toBeCloseTo(0.6032, 4);
  });

  it('0/10 and 10/10 stay inside [0, 1]', () => {
    // 0/10: centre = 0.19208 / 1.38416 = 0.13877, half = 1.41602 · √0.009604 = 0.13877 → [0, 0.27754]
    const zero = wilson(0, 10);
    expect(zero?.[0]).toBe(0);
    expect(zero?.[1]).toBeCloseTo(0.2775, 4);
    const all = wilson(10, 10);
    expect(all?.[0]).toBeCloseTo(0.7225, 4);
    expect(all?.[1]).toBe(1);
  });

  it('3/4: hand-computed interval', () => {
    // p = 0.75, n = 4, 1 + z²/n = 1.9604; centre = (0.75 + 0.4802) / 1.9604 = 0.62753
    // half = 1.96 / 1.9604 · √(0.046875 + 0.060025) = 0.99980 · 0.32696 = 0.32689 → [0.3006, 0.9544]
    const ci = wilson(3, 4);
    expect(ci?.[0]).toBeCloseTo(0.3006, 4);
    expect(ci?.[1]).toBeCloseTo(0.9544, 4);
  });

  it('is null without a denominator', () => {
    expect(wilson(0, 0)).toBeNull();
  });
});

describe('Ratio builders', () => {
  it('share: value, CI and lowCount (den < 5)', () => {
    expect(share(3, 10)).toMatchObject({ num: 3, den: 10, value: 0.3, lowCount: false });
    expect(share(2, 4).lowCount).toBe(true);
    expect(share(2, 5).lowCount).toBe(false);
    expect(share(0, 0)).toEqual({ num: 0, den: 0, value: null, ci95: null, lowCount: true });
  });

  it('per100 scales the value and the Wilson interval by 100', () => {
    const r = per100(3, 10);
    expect(r.value).toBe(30);
    expect(r.ci95?.[0]).toBeCloseTo(10.78, 2);
    expect(r.ci95?.[1]).toBeCloseTo(60.32, 2);
  });

  it('perUnit has no interval', () => {
    expect(perUnit(5, 10)).toEqual({ num: 5, den: 10, value: 0.5, ci95: null, lowCount: false });
  });
});

describe('olsFit / olsSlope', () => {
  it('ys 1,2,3 over xs 0,1,2: slope 1, intercept 1', () => {
    expect(olsFit([0, 1, 2], [1, 2, 3])).toEqual({ slope: 1, intercept: 1 });
    expect(olsSlope([0, 1, 2], [1, 2, 3])).toBe(1);
  });

  it('noisy data: hand-computed', () => {
    // xs 1..4, ys 2,4,5,4: x̄ = 2.5, ȳ = 3.75; Sxy = 2.625 − 0.125 + 0.625 + 0.375 = 3.5; Sxx = 5
    // slope = 0.7, intercept = 3.75 − 0.7 · 2.5 = 2
    const fit = olsFit([1, 2, 3, 4], [2, 4, 5, 4]);
    expect(fit?.slope).toBeCloseTo(0.7, 10);
    expect(fit?.intercept).toBeCloseTo(2, 10);
  });

  it('falling line has a negative slope', () => {
    expect(olsSlope([0, 1, 2, 3], [0.6, 0.4, 0.2, 0])).toBeCloseTo(-0.2, 10);
  });

  it('is null for one point or constant x, and throws on mismatched lengths', () => {
    expect(olsFit([1], [1])).toBeNull();
    expect(olsSlope([2, 2, 2], [1, 2, 3])).toBeNull();
    expect(() => olsFit([1, 2], [1])).toThrow(RangeError);
  });
});
