/**
 * Dyad metrics: pooled (sum numerators and denominators over sessions, then recompute every rate) and the mean of
 * session values. The two differ whenever sessions have different denominators; both are reported.
 */
import { emptyCounts, ratesFromCounts } from './session.js';
import type { Ratio } from './stats.js';
import type { DyadMetrics, MeanRates, SessionCounts, SessionMean, SessionRates, SessionRecord } from './types.js';
import { METRICS_VERSION } from './types.js';

/** Sessions in date order (stable for equal dates). Callers pass them ordered already; this only makes sure. */
export function inDateOrder<T extends { sessionDate: string }>(sessions: readonly T[]): T[] {
  return sessions
    .map((s, i) => ({ s, i, t: Date.parse(s.sessionDate) }))
    .map((x) => (Number.isNaN(x.t) ? { ...x, t: Infinity } : x)) // unparseable dates go last, in input order
    .sort((a, b) => (a.t === b.t ? a.i - b.i : a.t < b.t ? -1 : 1))
    .map((x) => x.s);
}

type Tree = { [k: string]: number | null | Tree };

/**
 * Add count tree b into a, over a's keys (a is the current shape). A leaf b lacks (stored by an older version) adds 0;
 * null on either side (unknown duration) stays null.
 */
function addTrees(a: Tree, b: Tree): Tree {
  const out: Tree = {};
  for (const [k, av] of Object.entries(a)) {
    const bv = b[k];
    if (typeof av === 'number' || av === null) {
      out[k] = av === null || bv === null ? null : av + (typeof bv === 'number' ? bv : 0);
    } else {
      out[k] = addTrees(av, typeof bv === 'object' && bv !== null ? bv : {});
    }
  }
  return out;
}

/** Sum counts over sessions. `durationSeconds` is the total only when every session has one, else null. */
export function sumCounts(counts: readonly SessionCounts[]): SessionCounts {
  if (counts.length === 0) return emptyCounts(null);
  return counts.reduce(
    (acc, c) => addTrees(acc as unknown as Tree, c as unknown as Tree) as unknown as SessionCounts,
    emptyCounts(0),
  );
}

const isRatio = (x: unknown): x is Ratio => typeof x === 'object' && x !== null && 'num' in x && 'den' in x;

/** For each leaf Ratio, the mean of the defined session values and how many sessions had one. */
function meanTree(trees: readonly unknown[], template: unknown): unknown {
  if (isRatio(template)) {
    const values = trees.filter(isRatio).flatMap((r) => (r.value === null ? [] : [r.value]));
    const mean: SessionMean = {
      value: values.length ? values.reduce((a, b) => a + b, 0) / values.length : null,
      n: values.length,
    };
    return mean;
  }
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(template as object)) {
    out[k] = meanTree(
      trees.map((t) => (t as Record<string, unknown> | undefined)?.[k]),
      (template as Record<string, unknown>)[k],
    );
  }
  return out;
}

export function meanOfSessionRates(rates: readonly SessionRates[]): MeanRates {
  return meanTree(rates, ratesFromCounts(emptyCounts())) as MeanRates;
}

/** Dyad metrics over any number of sessions (0 gives empty counts and null dates). */
export function computeDyadMetrics(sessions: readonly SessionRecord[]): DyadMetrics {
  const ordered = inDateOrder(sessions);
  const pooledCounts = sumCounts(ordered.map((s) => s.metrics.counts));
  return {
    metricsVersion: METRICS_VERSION,
    sessions: ordered.length,
    firstSessionDate: ordered[0]?.sessionDate ?? null,
    lastSessionDate: ordered[ordered.length - 1]?.sessionDate ?? null,
    pooledCounts,
    pooled: ratesFromCounts(pooledCounts),
    meanOfSessions: meanOfSessionRates(ordered.map((s) => s.metrics.rates)),
  };
}
