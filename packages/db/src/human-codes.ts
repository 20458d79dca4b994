/**
 * Human codes (migration 0005): a researcher's own codes per utterance and coder, the reference the tagger is checked
 * against (GET /programs/:id/agreement). A null code means "not coded" and is never scored.
 */
import type { Role } from '@dyadic/domain';
import type { TagName } from '@dyadic/tagging';
import { withTransaction, type Pool, type PoolClient, type Queryable } from './pool.js';

export type HumanCodeValues = Partial<Record<TagName, boolean | null>>;

export interface HumanCodeInput {
  transcriptId: string;
  turn: number;
  coder: string;
  codes: HumanCodeValues;
}

/** A transcript of the program that codes may point at: its status and the turns it has utterances for. */
export interface CodingTarget {
  status: string;
  turns: Set<number>;
}

/**
 * The given transcripts that belong to the program, with their utterance turns. Ids of other programs' transcripts are
 * simply absent, so a caller cannot tell them from ids that do not exist.
 */
export async function codingTargets(db: Queryable, programId: string, transcriptIds: string[]): Promise<Map<string, CodingTarget>> {
  const out = new Map<string, CodingTarget>();
  if (transcriptIds.length === 0) return out;
  const { rows } = await db.query<{ id: string; status: string; turns: number[] | null }>(
    `select t.id, t.status, (select array_agg(u.turn) from utterances u where u.transcript_id = t.id) as turns
       from transcripts t join dyads d on d.id = t.dyad_id
      where d.program_id = $1 and t.id = any($2::uuid[])`,
    [programId, transcriptIds],
  );
  for (const r of rows) out.set(r.id, { status: r.status, turns: new Set(r.turns ?? []) });
  return out;
}

/**
 * Replace the codes of every (transcript, coder) pair that appears in `rows` with `rows`: earlier codes of those pairs
 * are deleted, others (other coders, other transcripts) are kept. Call inside a transaction, so a failure leaves the
 * previous codes as they were. One statement expands the rows from a JSON document.
 */
export async function replaceHumanCodes(
  db: Queryable,
  rows: HumanCodeInput[],
  source: string | null,
): Promise<{ rows: number; transcripts: number; coders: string[]; replaced: number }> {
  const pairs = new Map<string, [string, string]>();
  for (const r of rows) pairs.set(`${r.transcriptId}\u0000${r.coder}`, [r.transcriptId, r.coder]);
  const list = [...pairs.values()];
  const deleted = await db.query(
    `delete from human_codes h using unnest($1::uuid[], $2::text[]) as p(transcript_id, coder)
      where h.transcript_id = p.transcript_id and h.coder = p.coder`,
    [list.map((p) => p[0]), list.map((p) => p[1])],
  );
  if (rows.length > 0) {
    const doc = rows.map((r) => ({
      t: r.transcriptId,
      turn: r.turn,
      coder: r.coder,
      sd: r.codes.selfDisclosure ?? null,
      emo: r.codes.emotion ?? null,
      adv: r.codes.advice ?? null,
      rec: r.codes.reciprocatedDisclosure ?? null,
    }));
    await db.query(
      `insert into human_codes (transcript_id, turn, coder, self_disclosure, emotion, advice, reciprocated_disclosure, source)
       select r.t, r.turn, r.coder, r.sd, r.emo, r.adv, r.rec, $2
         from jsonb_to_recordset($1::jsonb) as r(t uuid, turn int, coder text, sd bool, emo bool, adv bool, rec bool)`,
      [JSON.stringify(doc), source],
    );
  }
  return {
    rows: rows.length,
    transcripts: new Set(list.map((p) => p[0])).size,
    coders: [...new Set(list.map((p) => p[1]))].sort(),
    replaced: deleted.rowCount ?? 0,
  };
}

/**
 * Import a file's worth of codes in one transaction: `replaceHumanCodes`, then `alsoInTransaction` (e.g. the audit
 * record). Either all of it is stored or none of it.
 */
export async function importHumanCodes(
  pool: Pool,
  rows: HumanCodeInput[],
  source: string | null,
  alsoInTransaction?: (client: PoolClient) => Promise<void>,
): Promise<{ rows: number; transcripts: number; coders: string[]; replaced: number }> {
  return withTransaction(pool, async (client) => {
    const result = await replaceHumanCodes(client, rows, source);
    await alsoInTransaction?.(client);
    return result;
  });
}

export interface HumanCodeRow {
  transcriptId: string;
  dyadKey: string;
  sessionDate: string;
  turn: number;
  coder: string;
  codes: Record<TagName, boolean | null>;
  source: string | null;
  importedAt: string;
  /** The utterance the code is about; null when the transcript no longer has that turn (e.g. after a replacement). */
  speaker: string | null;
  role: Role | null;
  text: string | null;
}

/** The program's human codes joined with their utterances, in transcript and turn order. */
export async function listHumanCodes(db: Queryable, programId: string, opts: { coder?: string } = {}): Promise<HumanCodeRow[]> {
  const { rows } = await db.query<HumanCodeRow>(
    `select h.transcript_id as "transcriptId", d.key as "dyadKey", t.session_date as "sessionDate", h.turn, h.coder,
            json_build_object('selfDisclosure', h.self_disclosure, 'emotion', h.emotion, 'advice', h.advice,
              'reciprocatedDisclosure', h.reciprocated_disclosure) as codes,
            h.source, h.imported_at as "importedAt", u.speaker, u.role, u.text
       from human_codes h
       join transcripts t on t.id = h.transcript_id
       join dyads d on d.id = t.dyad_id
       left join utterances u on u.transcript_id = h.transcript_id and u.turn = h.turn
      where d.program_id = $1 and ($2::text is null or h.coder = $2)
      order by t.session_date, h.transcript_id, h.turn, h.coder`,
    [programId, opts.coder ?? null],
  );
  return rows;
}

/** Coders with codes in the program, with how many rows and transcripts each coded. */
export async function listHumanCoders(db: Queryable, programId: string): Promise<Array<{ coder: string; codes: number; transcripts: number }>> {
  const { rows } = await db.query<{ coder: string; codes: number; transcripts: number }>(
    `select h.coder, count(*)::int as codes, count(distinct h.transcript_id)::int as transcripts
       from human_codes h join transcripts t on t.id = h.transcript_id join dyads d on d.id = t.dyad_id
      where d.program_id = $1 group by h.coder order by h.coder`,
    [programId],
  );
  return rows;
}

export interface CodedTranscriptUtterance {
  transcriptId: string;
  turn: number;
  role: Role;
  text: string;
  start: number | null;
  end: number | null;
}

/**
 * Every utterance (coded or not) of the program's transcripts that `coder` coded, in transcript and turn order: the
 * tagger needs whole conversations, because ellipsis and reciprocation read the turns before.
 */
export async function utterancesOfCodedTranscripts(db: Queryable, programId: string, coder: string): Promise<CodedTranscriptUtterance[]> {
  const { rows } = await db.query<CodedTranscriptUtterance>(
    `select u.transcript_id as "transcriptId", u.turn, u.role, u.text, u.start_s as start, u.end_s as "end"
       from utterances u
      where u.transcript_id in (
              select distinct h.transcript_id from human_codes h
                join transcripts t on t.id = h.transcript_id join dyads d on d.id = t.dyad_id
               where d.program_id = $1 and h.coder = $2)
      order by u.transcript_id, u.turn`,
    [programId, coder],
  );
  return rows;
}
