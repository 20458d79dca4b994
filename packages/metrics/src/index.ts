/**
 * @dyadic/metrics: pure functions from tagged utterances to the session and dyad metrics of codebook §6, with trends
 * and coordinator alerts. Indicators side by side, each with its numerator and denominator; never a single score.
 */
export type { Ratio, OlsFit } from './stats.js';
export { wilson, olsFit, olsSlope, share, per100, perUnit, LOW_COUNT_DEN } from './stats.js';
export type {
  ByRole,
  DyadCounts,
  DyadMetrics,
  MeanRates,
  SessionCounts,
  SessionMean,
  SessionMetrics,
  SessionRates,
  SessionRecord,
  UtteranceCounts,
} from './types.js';
export { METRICS_VERSION, MENTOR_RESPONSE_CATEGORIES } from './types.js';
export { computeSessionMetrics, countSession, ratesFromCounts, emptyCounts } from './session.js';
export { computeDyadMetrics, sumCounts, meanOfSessionRates, inDateOrder } from './dyad.js';
export type { Trend, TrendMetric, TrendPoint, Trends } from './trends.js';
export { computeTrends, FLAT_BAND_FRACTION, MIN_TREND_SESSIONS } from './trends.js';
export type { Alert, AlertCode, AlertSettings, AlertValue } from './alerts.js';
export { computeAlerts, noRecentSessionAlert, DEFAULT_ALERT_SETTINGS } from './alerts.js';
