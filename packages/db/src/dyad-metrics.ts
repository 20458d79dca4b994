import {
  computeAlerts,
  computeDyadMetrics,
  computeTrends,
  DEFAULT_ALERT_SETTINGS,
  type AlertSettings,
  type SessionRecord,
} from '@dyadic/metrics';
import type { Queryable } from './pool.js';
import { listDyadSessions } from './session-metrics.js';

/** Alert thresholds of a program: its settings over the defaults. */
export async function programAlertSettings(db: Queryable, programId: string): Promise<AlertSettings> {
  const { rows } = await db.query<{ alerts: Partial<AlertSettings> | null }>(
    `select settings->'alerts' as alerts from programs where id = $1`,
    [programId],
  );
  return { ...DEFAULT_ALERT_SETTINGS, ...(rows[0]?.alerts ?? {}) };
}

/**
 * Recompute and store a dyad's summary, trends and session-based alerts from its processed sessions. Call inside the
 * transaction that changed a session; the row lock serialises concurrent recomputes of one dyad. Returns the alert
 * codes before and after, so callers can announce new alerts.
 */
export async function recomputeDyadMetrics(db: Queryable, dyadId: string): Promise<{ before: string[]; after: string[] }> {
  const dyad = await db.query<{ program_id: string }>('select program_id from dyads where id = $1 for update', [dyadId]);
  const programId = dyad.rows[0]?.program_id;
  if (!programId) return { before: [], after: [] };
  const prev = await db.query<{ codes: string[] }>('select alert_codes as codes from dyad_metrics where dyad_id = $1', [dyadId]);
  const sessions = await listDyadSessions(db, dyadId);
  const records: SessionRecord[] = sessions
    .filter((s) => s.status === 'done' && s.metrics)
    .map((s) => ({ sessionId: s.transcriptId, sessionDate: s.sessionDate, metrics: s.metrics! }));
  const settings = await programAlertSettings(db, programId);
  const summary = computeDyadMetrics(records);
  const trends = computeTrends(records);
  // The time-based alert is added at read time (it changes without any new session).
  const alerts = computeAlerts(records, { ...settings, noSessionWeeks: 0 });
  const latest = records.at(-1);
  const r = latest?.metrics.rates;
  const latestView = latest
    ? {
        sessionId: latest.sessionId,
        sessionDate: latest.sessionDate,
        sdRatePer100: r!.sdRatePer100,
        emotionSdShare: r!.emotionSdShare,
        adviceAfterDisclosureRate: r!.adviceAfterDisclosureRate,
        reciprocationRate: r!.reciprocationRate,
      }
    : null;
  const dates = sessions.map((s) => s.sessionDate).sort();
  await db.query(
    `insert into dyad_metrics (dyad_id, program_id, session_count, processed_count, first_session_date, last_session_date,
       alert_count, alert_codes, sd_rate, emotion_share, advice_after_rate, reciprocation_rate, sd_slope, reciprocation_slope, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, now())
     on conflict (dyad_id) do update set session_count = excluded.session_count, processed_count = excluded.processed_count,
       first_session_date = excluded.first_session_date, last_session_date = excluded.last_session_date,
       alert_count = excluded.alert_count, alert_codes = excluded.alert_codes, sd_rate = excluded.sd_rate,
       emotion_share = excluded.emotion_share, advice_after_rate = excluded.advice_after_rate,
       reciprocation_rate = excluded.reciprocation_rate, sd_slope = excluded.sd_slope,
       reciprocation_slope = excluded.reciprocation_slope, updated_at = now()`,
    [
      dyadId,
      programId,
      sessions.length,
      records.length,
      dates[0] ?? null,
      dates.at(-1) ?? null,
      alerts.length,
      alerts.map((a) => a.code),
      r?.sdRatePer100.dyad.value ?? null,
      r?.emotionSdShare.dyad.value ?? null,
      r?.adviceAfterDisclosureRate.value ?? null,
      r?.reciprocationRate.value ?? null,
      trends['sdRatePer100.dyad'].slope,
      trends.reciprocationRate.slope,
    ],
  );
  // Sparkline values for the overview: the last 12 processed sessions in order, null where a rate is undefined.
  const from = Math.max(0, records.length - 12);
  const brief = Object.fromEntries(
    Object.entries(trends).map(([k, t]) => {
      const points: Array<number | null> = new Array(records.length - from).fill(null);
      for (const p of t.points) if (p.index >= from) points[p.index - from] = p.value;
      return [k, { slope: t.slope, direction: t.direction, insufficientSessions: t.insufficientSessions, n: t.n, points }];
    }),
  );
  await db.query(
    `insert into dyad_metrics_detail (dyad_id, summary, trends, trend_brief, alerts, latest) values ($1, $2, $3, $4, $5, $6)
     on conflict (dyad_id) do update set summary = excluded.summary, trends = excluded.trends,
       trend_brief = excluded.trend_brief, alerts = excluded.alerts, latest = excluded.latest`,
    [dyadId, JSON.stringify(summary), JSON.stringify(trends), JSON.stringify(brief), JSON.stringify(alerts), JSON.stringify(latestView)],
  );
  return { before: prev.rows[0]?.codes ?? [], after: alerts.map((a) => a.code) };
}

export interface StoredDyadMetrics {
  summary: Record<string, unknown>;
  trends: Record<string, unknown>;
  alerts: Array<Record<string, unknown>>;
  lastSessionDate: string | null;
  latest: { sessionId: string; sessionDate: string } | null;
}

export async function getDyadMetrics(db: Queryable, dyadId: string): Promise<StoredDyadMetrics | null> {
  const { rows } = await db.query<StoredDyadMetrics>(
    `select d.summary, d.trends, d.alerts, m.last_session_date as "lastSessionDate", d.latest
     from dyad_metrics m join dyad_metrics_detail d on d.dyad_id = m.dyad_id where m.dyad_id = $1`,
    [dyadId],
  );
  return rows[0] ?? null;
}
