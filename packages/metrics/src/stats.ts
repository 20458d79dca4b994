/**
 * Small statistics used by every metric: the `Ratio` value type, the Wilson score interval and ordinary least squares.
 * Pure, no dependencies.
 */

/** A rate that always carries its numerator and denominator, so small counts stay visible (codebook §6). */
export interface Ratio {
  num: number;
  den: number;
  /** num/den for shares, 100·num/den for per-100 rates, num/den per minute for per-minute rates; null when den = 0. */
  value: number | null;
  /** Wilson score 95 % interval on the same scale as `value` (×100 for per-100 rates); null when den = 0 or not a proportion. */
  ci95: [number, number] | null;
  /** True when den < 5: do not compare dyads or sessions on this rate. */
  lowCount: boolean;
}

/** Denominators under this are flagged `lowCount` (codebook §6: "do not compare dyads on rates with denominators < 5"). */
export const LOW_COUNT_DEN = 5;

/**
 * Wilson score interval for a binomial proportion num/den:
 *   centre = (p + z²/2n) / (1 + z²/n),  half = z/(1 + z²/n) · √(p(1−p)/n + z²/4n²).
 * Returns null when den = 0. Clamped to [0, 1] against floating-point noise at the ends.
 */
export function wilson(num: number, den: number, z = 1.96): [number, number] | null {
  if (den <= 0) return null;
  const p = num / den;
  const z2 = z * z;
  const denom = 1 + z2 / den;
  const centre = (p + z2 / (2 * den)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / den + z2 / (4 * den * den));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/** A proportion num/den in [0, 1] with its Wilson interval. */
export function share(num: number, den: number): Ratio {
  return {
    num,
    den,
    value: den > 0 ? num / den : null,
    ci95: wilson(num, den),
    lowCount: den < LOW_COUNT_DEN,
  };
}

/** A per-100 rate: value = 100·num/den, CI = Wilson interval ×100 (num counts a subset of the den units). */
export function per100(num: number, den: number): Ratio {
  const ci = wilson(num, den);
  return {
    num,
    den,
    value: den > 0 ? (100 * num) / den : null,
    ci95: ci ? [100 * ci[0], 100 * ci[1]] : null,
    lowCount: den < LOW_COUNT_DEN,
  };
}

/** A rate per unit of something that is not a count of trials (e.g. per minute): no Wilson interval. */
export function perUnit(num: number, den: number): Ratio {
  return { num, den, value: den > 0 ? num / den : null, ci95: null, lowCount: den < LOW_COUNT_DEN };
}

export interface OlsFit {
  slope: number;
  intercept: number;
}

/** Ordinary least squares y = intercept + slope·x. Null with fewer than 2 points or when every x is equal. */
export function olsFit(xs: readonly number[], ys: readonly number[]): OlsFit | null {
  if (xs.length !== ys.length) throw new RangeError(`olsFit: ${xs.length} xs but ${ys.length} ys`);
  const n = xs.length;
  if (n < 2) return null;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] ?? 0) - mx;
    sxy += dx * ((ys[i] ?? 0) - my);
    sxx += dx * dx;
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

/** Slope of the OLS line through (xs, ys); null when `olsFit` is null. */
export function olsSlope(xs: readonly number[], ys: readonly number[]): number | null {
  return olsFit(xs, ys)?.slope ?? null;
}
