/**
 * Alerts a programme coordinator can act on. Each one is a single indicator with its evidence and a message in plain
 * words; they are never combined into a score. Thresholds are programme settings (`AlertSettings`).
 */
import { inDateOrder } from './dyad.js';
import type { Ratio } from './stats.js';
import { LOW_COUNT_DEN } from './stats.js';
import type { SessionRecord } from './types.js';

export interface AlertSettings {
  /** Warn when the reciprocation rate fell in each of the last N sessions (N+1 defined values). 0 turns it off. */
  reciprocationFallingSessions: number;
  /** Warn when the latest session is at least this many weeks before `now`. 0 turns it off. */
  noSessionWeeks: number;
  /** Warn when the mentee shared nothing about themselves in the latest session after sharing before. */
  menteeDisclosureZero: boolean;
  /** Note when the latest session has fewer mentee disclosures than this (its response rates are noise). 0: off. */
  lowEvidenceMinDisclosures: number;
  /** Note when the mentor's share of the latest session's disclosures is at least this (0–1). 0 turns it off. */
  mentorShareHigh: number;
}

export const DEFAULT_ALERT_SETTINGS: Readonly<AlertSettings> = Object.freeze({
  reciprocationFallingSessions: 3,
  noSessionWeeks: 3,
  menteeDisclosureZero: true,
  lowEvidenceMinDisclosures: 5,
  mentorShareHigh: 0.8,
});

export type AlertCode =
  | 'reciprocation_falling'
  | 'mentee_disclosure_zero'
  | 'no_recent_session'
  | 'low_evidence'
  | 'mentor_dominates_sharing';

export interface AlertValue {
  sessionId: string;
  sessionDate: string;
  value: number | null;
  num: number;
  den: number;
}

export interface Alert {
  code: AlertCode;
  severity: 'info' | 'warning';
  message: string;
  evidence: { sessionIds: string[]; values?: AlertValue[] };
}

/** One session's value of a rate, as alert evidence. */
function point(s: SessionRecord, r: Ratio): AlertValue {
  return { sessionId: s.sessionId, sessionDate: s.sessionDate, value: r.value, num: r.num, den: r.den };
}

const pct = (v: number | null): string => (v === null ? 'n/a' : `${Math.round(v * 100)}%`);
const day = (iso: string): string => iso.slice(0, 10);
const WEEK_MS = 7 * 24 * 3600 * 1000;
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function reciprocationFalling(sessions: readonly SessionRecord[], n: number): Alert | null {
  if (n < 1) return null;
  const values = sessions.map((s) => point(s, s.metrics.rates.reciprocationRate)).filter((v) => v.value !== null);
  const last = values.slice(-(n + 1));
  if (last.length < n + 1) return null;
  const falling = last.every((v, i) => i === 0 || (v.value ?? 0) < (last[i - 1]?.value ?? 0));
  if (!falling) return null;
  const few = last.some((v) => v.den < LOW_COUNT_DEN)
    ? ` Some of these calls had fewer than ${LOW_COUNT_DEN} such moments, so this may be chance.`
    : '';
  const when = n === 1 ? 'In the latest call' : `In each of the last ${n} calls`;
  return {
    code: 'reciprocation_falling',
    severity: 'warning',
    message:
      `${when}, the mentor shared a similar experience back less often than in the call before ` +
      `(${last.map((v) => pct(v.value)).join(' → ')} of the times the mentee shared something about themselves).${few}`,
    evidence: { sessionIds: last.map((v) => v.sessionId), values: last },
  };
}

function menteeDisclosureZero(sessions: readonly SessionRecord[]): Alert | null {
  const latest = sessions[sessions.length - 1];
  if (!latest || latest.metrics.counts.selfDisclosures.mentee > 0) return null;
  const earlier = sessions.slice(0, -1).filter((s) => s.metrics.counts.selfDisclosures.mentee > 0);
  const before = earlier[earlier.length - 1];
  if (!before) return null;
  return {
    code: 'mentee_disclosure_zero',
    severity: 'warning',
    message:
      `In the latest call (${day(latest.sessionDate)}) the mentee did not share anything about themselves. ` +
      `In the call on ${day(before.sessionDate)} they did, ${plural(before.metrics.counts.selfDisclosures.mentee, 'time')}.`,
    evidence: { sessionIds: [before.sessionId, latest.sessionId], values: [before, latest].map((x) => point(x, x.metrics.rates.sdRatePer100.mentee)) },
  };
}

function noRecentSession(sessions: readonly SessionRecord[], weeks: number, now: Date): Alert | null {
  return noRecentSessionAlert(sessions[sessions.length - 1], weeks, now);
}

/**
 * The only time-based alert, on its own so that stored dyad summaries can add it at read time from the latest
 * session alone (the others depend only on the sessions and are stored with them).
 */
export function noRecentSessionAlert(
  latest: Pick<SessionRecord, 'sessionId' | 'sessionDate'> | undefined,
  weeks: number,
  now: Date,
): Alert | null {
  if (weeks <= 0 || !latest) return null;
  const since = (now.getTime() - Date.parse(latest.sessionDate)) / WEEK_MS;
  if (!(since >= weeks)) return null;
  return {
    code: 'no_recent_session',
    severity: 'warning',
    message: `There has been no recorded call for ${plural(Math.floor(since), 'week')} (the last one was on ${day(latest.sessionDate)}).`,
    evidence: { sessionIds: [latest.sessionId] },
  };
}

function lowEvidence(sessions: readonly SessionRecord[], min: number): Alert | null {
  const latest = sessions[sessions.length - 1];
  if (min <= 0 || !latest) return null;
  const r = latest.metrics.rates.reciprocationRate;
  if (r.den >= min) return null;
  const what = r.den === 0 ? 'no moments' : r.den === 1 ? 'only 1 moment' : `only ${r.den} moments`;
  return {
    code: 'low_evidence',
    severity: 'info',
    message:
      `The latest call (${day(latest.sessionDate)}) had ${what} where the mentee shared something about themselves, ` +
      `so its figures on how the mentor answered can change a lot by chance. Look at several calls together.`,
    evidence: { sessionIds: [latest.sessionId], values: [point(latest, r)] },
  };
}

function mentorDominates(sessions: readonly SessionRecord[], threshold: number, min: number): Alert | null {
  const latest = sessions[sessions.length - 1];
  if (threshold <= 0 || !latest) return null;
  const r = latest.metrics.rates.mentorSdShare;
  if (r.value === null || r.den < Math.max(min, 1) || r.value < threshold) return null;
  return {
    code: 'mentor_dominates_sharing',
    severity: 'info',
    message:
      `In the latest call (${day(latest.sessionDate)}) most of the personal sharing came from the mentor ` +
      `(${r.num} of ${r.den} times). Check that the mentee gets room to talk about themselves.`,
    evidence: { sessionIds: [latest.sessionId], values: [point(latest, r)] },
  };
}

/** Alerts for one dyad, from its sessions (sorted by date here too), programme settings and the current time. */
export function computeAlerts(
  sessions: readonly SessionRecord[],
  settings: Partial<AlertSettings> = DEFAULT_ALERT_SETTINGS,
  // Pass `now` (and the programme's settings) explicitly; the defaults keep one-argument callers working.
  now: Date = new Date(),
): Alert[] {
  const s: AlertSettings = { ...DEFAULT_ALERT_SETTINGS, ...settings };
  const ordered = inDateOrder(sessions);
  const zero = s.menteeDisclosureZero ? menteeDisclosureZero(ordered) : null;
  const alerts = [
    reciprocationFalling(ordered, s.reciprocationFallingSessions),
    zero,
    noRecentSession(ordered, s.noSessionWeeks, now),
    // After a drop to zero the low-evidence note would only repeat it.
    zero ? null : lowEvidence(ordered, s.lowEvidenceMinDisclosures),
    mentorDominates(ordered, s.mentorShareHigh, s.lowEvidenceMinDisclosures),
  ];
  return alerts.filter((a): a is Alert => a !== null);
}
