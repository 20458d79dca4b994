import type { SessionMetrics } from '@dyadic/metrics';
import type { Queryable } from './pool.js';

export async function upsertSessionMetrics(
  db: Queryable,
  m: { transcriptId: string; dyadId: string; sessionDate: string; taggerVersion: string; metricsVersion: string; metrics: SessionMetrics },
): Promise<void> {
  await db.query(
    `insert into session_metrics (transcript_id, dyad_id, session_date, tagger_version, metrics_version, metrics)
     values ($1, $2, $3, $4, $5, $6)
     on conflict (transcript_id) do update set session_date = excluded.session_date, tagger_version = excluded.tagger_version,
       metrics_version = excluded.metrics_version, metrics = excluded.metrics, computed_at = now()`,
    [m.transcriptId, m.dyadId, m.sessionDate, m.taggerVersion, m.metricsVersion, JSON.stringify(m.metrics)],
  );
}

export interface DyadSessionRow {
  transcriptId: string;
  sessionDate: string;
  status: string;
  filename: string;
  taggerVersion: string | null;
  metrics: SessionMetrics | null;
}

/** The dyad's sessions in date order (upload order within a day), with metrics where processed. */
export async function listDyadSessions(db: Queryable, dyadId: string): Promise<DyadSessionRow[]> {
  const { rows } = await db.query<DyadSessionRow>(
    `select t.id as "transcriptId", t.session_date as "sessionDate", t.status, t.filename,
       m.tagger_version as "taggerVersion", m.metrics
     from transcripts t left join session_metrics m on m.transcript_id = t.id
     where t.dyad_id = $1 order by t.session_date, t.created_at, t.id`,
    [dyadId],
  );
  return rows;
}
