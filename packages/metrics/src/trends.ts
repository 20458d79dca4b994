/**
 * Per-dyad trends (codebook §6): OLS slope of a few rates over session order. x is the session's position among all
 * the dyad's sessions in date order (0, 1, 2, …); a session where the rate is undefined (den = 0) is skipped but keeps
 * its position, so the others are not pulled closer together.
 */
import { inDateOrder } from './dyad.js';
import type { Ratio } from './stats.js';
import { olsFit } from './stats.js';
import type { SessionRates, SessionRecord } from './types.js';

/** Fewer points than this: no slope, `insufficientSessions` true (codebook §6: flag if < 3 sessions). */
export const MIN_TREND_SESSIONS = 3;
/** |slope| below this fraction of the rate's scale per session is 'flat' (2 points per session on a 0–100 scale). */
export const FLAT_BAND_FRACTION = 0.02;

export type TrendMetric =
  | 'sdRatePer100.dyad'
  | 'sdRatePer100.mentee'
  | 'emotionSdShare.dyad'
  | 'adviceAfterDisclosureRate'
  | 'reciprocationRate';

/** Each trended rate, how to read it and its scale (100 for per-100 rates, 1 for shares). */
const TREND_METRICS: Record<TrendMetric, { pick: (r: SessionRates) => Ratio; scale: number }> = {
  'sdRatePer100.dyad': { pick: (r) => r.sdRatePer100.dyad, scale: 100 },
  'sdRatePer100.mentee': { pick: (r) => r.sdRatePer100.mentee, scale: 100 },
  'emotionSdShare.dyad': { pick: (r) => r.emotionSdShare.dyad, scale: 1 },
  adviceAfterDisclosureRate: { pick: (r) => r.adviceAfterDisclosureRate, scale: 1 },
  reciprocationRate: { pick: (r) => r.reciprocationRate, scale: 1 },
};

export interface TrendPoint {
  sessionId: string;
  sessionDate: string;
  /** x of the regression: position among all sessions in date order. */
  index: number;
  value: number;
  num: number;
  den: number;
}

export interface Trend {
  metric: TrendMetric;
  /** Sessions with a defined value (the regression's points). */
  n: number;
  /** Change per session in the rate's own units (per-100 points or share); null when insufficientSessions. */
  slope: number | null;
  intercept: number | null;
  direction: 'rising' | 'falling' | 'flat' | null;
  insufficientSessions: boolean;
  /** |slope| under this is 'flat' (FLAT_BAND_FRACTION × scale). */
  flatBand: number;
  points: TrendPoint[];
}

export type Trends = Record<TrendMetric, Trend>;

function trendOf(metric: TrendMetric, sessions: readonly SessionRecord[], flatBandFraction: number): Trend {
  const { pick, scale } = TREND_METRICS[metric];
  const points: TrendPoint[] = sessions.flatMap((s, index) => {
    const r = pick(s.metrics.rates);
    return r.value === null
      ? []
      : [{ sessionId: s.sessionId, sessionDate: s.sessionDate, index, value: r.value, num: r.num, den: r.den }];
  });
  const flatBand = flatBandFraction * scale;
  const insufficientSessions = points.length < MIN_TREND_SESSIONS;
  const fit = insufficientSessions ? null : olsFit(points.map((p) => p.index), points.map((p) => p.value));
  const direction = !fit ? null : Math.abs(fit.slope) < flatBand ? 'flat' : fit.slope > 0 ? 'rising' : 'falling';
  return {
    metric,
    n: points.length,
    slope: fit?.slope ?? null,
    intercept: fit?.intercept ?? null,
    direction,
    insufficientSessions,
    flatBand,
    points,
  };
}

/** Trends of the §6 rates over a dyad's sessions (sorted by date here too). */
export function computeTrends(
  sessions: readonly SessionRecord[],
  opts: { flatBandFraction?: number } = {},
): Trends {
  const ordered = inDateOrder(sessions);
  const band = opts.flatBandFraction ?? FLAT_BAND_FRACTION;
  const entries = (Object.keys(TREND_METRICS) as TrendMetric[]).map((m) => [m, trendOf(m, ordered, band)] as const);
  return Object.fromEntries(entries) as Trends;
}
