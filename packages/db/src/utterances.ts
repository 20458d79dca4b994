import type { Role } from '@dyadic/domain';
import type { TaggedUtterance } from '@dyadic/tagging';
import type { Queryable } from './pool.js';

export interface StoredUtterance {
  turn: number;
  speaker: string;
  role: Role;
  text: string;
  start: number | null;
  end: number | null;
  tags: TaggedUtterance['tags'];
  detail: TaggedUtterance['detail'];
  evidence: TaggedUtterance['evidence'];
}

/** The code columns of one tagged utterance, as the JSON rows `jsonb_to_recordset` expands (shared by every writer). */
export function codeRow(t: TaggedUtterance) {
  return {
    turn: t.turn,
    sd: t.tags.selfDisclosure,
    emo: t.tags.emotion,
    adv: t.tags.advice,
    rec: t.tags.reciprocatedDisclosure,
    detail: t.detail,
    evidence: t.evidence,
  };
}

/**
 * Replace every utterance of a transcript in one statement batch (call inside the job's transaction), so re-running
 * a job leaves exactly one set of rows.
 */
export async function replaceUtterances(
  db: Queryable,
  transcriptId: string,
  rows: Array<{ speakerName: string; tagged: TaggedUtterance }>,
): Promise<void> {
  await db.query('delete from utterances where transcript_id = $1', [transcriptId]);
  if (rows.length === 0) return;
  // One JSON document expanded by Postgres: measured about half the CPU of 12 unnest arrays (node-postgres escapes
  // every array element, Postgres parses them back), see docs/scaling.md.
  const doc = rows.map(({ speakerName, tagged: t }) => ({
    ...codeRow(t),
    speaker: speakerName,
    role: t.speaker,
    text: t.text,
    start_s: t.start ?? null,
    end_s: t.end ?? null,
  }));
  await db.query(
    `insert into utterances (transcript_id, turn, speaker, role, text, start_s, end_s,
       self_disclosure, emotion, advice, reciprocated_disclosure, detail, evidence)
     select $1, r.turn, r.speaker, r.role, r.text, r.start_s, r.end_s, r.sd, r.emo, r.adv, r.rec, r.detail, r.evidence
     from jsonb_to_recordset($2::jsonb) as r(turn int, speaker text, role text, text text, start_s float8, end_s float8,
       sd bool, emo bool, adv bool, rec bool, detail jsonb, evidence jsonb)`,
    [transcriptId, JSON.stringify(doc)],
  );
}

export async function listUtterances(db: Queryable, transcriptId: string): Promise<StoredUtterance[]> {
  const { rows } = await db.query<StoredUtterance>(
    `select turn, speaker, role, text, start_s as start, end_s as "end",
       json_build_object('selfDisclosure', self_disclosure, 'emotion', emotion, 'advice', advice,
         'reciprocatedDisclosure', reciprocated_disclosure) as tags, detail, evidence
     from utterances where transcript_id = $1 order by turn`,
    [transcriptId],
  );
  return rows;
}
