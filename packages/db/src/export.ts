import type { Queryable } from './pool.js';
import type { StoredUtterance } from './utterances.js';

export interface ExportSession {
  programSlug: string;
  dyadKey: string;
  dyadId: string;
  sessionId: string;
  sessionDate: string;
  /** Position among the dyad's processed sessions in date order (0-based). */
  sessionIndex: number;
  taggerVersion: string | null;
  metrics: Record<string, unknown> | null;
}

/**
 * A program's processed sessions in (dyad key, date) order, a page at a time (keyset on the same order), so an export
 * holds one page in memory whatever the program's size.
 */
export async function* exportSessions(db: Queryable, programId: string, pageSize = 500): AsyncGenerator<ExportSession> {
  let after: [string, string, string] | null = null;
  let dyad = '';
  let index = 0;
  for (;;) {
    const { rows }: { rows: ExportSession[] } = await db.query<ExportSession>(
      `select p.slug as "programSlug", d.key as "dyadKey", d.id as "dyadId", t.id as "sessionId",
         t.session_date as "sessionDate", t.tagger_version as "taggerVersion", m.metrics
       from transcripts t join dyads d on d.id = t.dyad_id join programs p on p.id = d.program_id
         left join session_metrics m on m.transcript_id = t.id
       where d.program_id = $1 and t.status = 'done'
         and ($2::text is null or (d.key, t.session_date, t.id) > ($2, $3::date, $4::uuid))
       order by d.key, t.session_date, t.id
       limit $5`,
      [programId, after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null, pageSize],
    );
    for (const r of rows) {
      index = r.dyadId === dyad ? index + 1 : 0;
      dyad = r.dyadId;
      yield { ...r, sessionIndex: index };
    }
    if (rows.length < pageSize) return;
    const last: ExportSession = rows.at(-1)!;
    after = [last.dyadKey, last.sessionDate, last.sessionId];
  }
}

export interface ExportDyad {
  programSlug: string;
  dyadKey: string;
  dyadId: string;
  summary: Record<string, unknown> | null;
  trends: Record<string, unknown> | null;
}

export async function* exportDyads(db: Queryable, programId: string, pageSize = 1000): AsyncGenerator<ExportDyad> {
  let after: string | null = null;
  for (;;) {
    const { rows }: { rows: ExportDyad[] } = await db.query<ExportDyad>(
      `select p.slug as "programSlug", d.key as "dyadKey", d.id as "dyadId", x.summary, x.trends
       from dyads d join programs p on p.id = d.program_id left join dyad_metrics_detail x on x.dyad_id = d.id
       where d.program_id = $1 and ($2::text is null or d.key > $2)
       order by d.key limit $3`,
      [programId, after, pageSize],
    );
    for (const r of rows) yield r;
    if (rows.length < pageSize) return;
    after = rows.at(-1)!.dyadKey;
  }
}

/**
 * Every utterance of a program's processed sessions, in the session order of `exportSessions` and then by turn, each
 * with its session. Utterances are read a page of turns at a time (keyset on the primary key), so memory holds one
 * page of sessions and one page of utterances however long a session or a program is.
 */
export async function* exportUtterances(
  db: Queryable,
  programId: string,
  pageSize = 2000,
): AsyncGenerator<{ session: ExportSession; utterance: StoredUtterance }> {
  for await (const session of exportSessions(db, programId)) {
    let after = -1;
    for (;;) {
      const { rows }: { rows: StoredUtterance[] } = await db.query<StoredUtterance>(
        `select turn, speaker, role, text, start_s as start, end_s as "end",
           json_build_object('selfDisclosure', self_disclosure, 'emotion', emotion, 'advice', advice,
             'reciprocatedDisclosure', reciprocated_disclosure) as tags, detail, evidence
         from utterances where transcript_id = $1 and turn > $2 order by turn limit $3`,
        [session.sessionId, after, pageSize],
      );
      for (const utterance of rows) yield { session, utterance };
      if (rows.length < pageSize) break;
      after = rows.at(-1)!.turn;
    }
  }
}
