import type { SessionCounts, SessionMetrics } from '@dyadic/metrics';
import type { TaggedUtterance, TagName } from '@dyadic/tagging';
import type { Queryable } from './pool.js';
import { codeRow, type StoredUtterance } from './utterances.js';

export type CodebookRunMode = 'compare' | 'apply';
export type CodebookRunStatus = 'queued' | 'running' | 'done' | 'failed' | 'superseded';

/** One metric on both sides: numerator, denominator and value (null when the denominator is 0). */
export interface MetricChange {
  /** Path in packages/metrics SessionRates, e.g. `emotionRatePer100.mentee`, `mentorResponseDistribution.advice`. */
  metric: string;
  old: { num: number; den: number; value: number | null };
  new: { num: number; den: number; value: number | null };
  /** new − old value; null when either is undefined. */
  change: number | null;
}

/** What a finished run changed: stored on the run as JSON (codebook_runs.comparison). */
export interface RunComparison {
  /** Live versions the old side was read from (normally one) and the version re-run. */
  fromVersions: string[];
  toVersion: string;
  transcripts: number;
  skippedTranscripts: number;
  /** Per tag: utterance codes that went false → true and true → false. */
  flips: Record<TagName, { toTrue: number; toFalse: number }>;
  /** Each flipped code (at most FLIP_LIST_MAX; `flippedUtterancesTruncated` says when more flipped). */
  flippedUtterances: Array<{ transcriptId: string; dyadId: string; turn: number; tag: TagName; from: boolean; to: boolean }>;
  flippedUtterancesTruncated: boolean;
  /** Every metric pooled over the whole program (counts summed over sessions, then rates recomputed). */
  program: { sessions: number; metrics: MetricChange[] };
  /** Dyads with at least one changed metric, pooled over their sessions, listing only the metrics that changed. */
  dyads: Array<{ dyadId: string; dyadKey: string; sessions: number; metrics: MetricChange[] }>;
  unchangedDyads: number;
}

export interface CodebookRunRow {
  id: string;
  programId: string;
  version: string;
  mode: CodebookRunMode;
  status: CodebookRunStatus;
  error: string | null;
  comparison: RunComparison | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Transcripts the run covers (0 until it starts), those coded so far, and of those the ones skipped. */
  total: number;
  done: number;
  skipped: number;
}

/**
 * Start a re-run of a program's corpus under `version`, or return the unfinished run that asks the same thing
 * (`created: false`), so a double click or a retried request never starts two.
 */
export async function createCodebookRun(
  db: Queryable,
  r: { programId: string; version: string; mode: CodebookRunMode },
): Promise<{ id: string; created: boolean }> {
  const inserted = await db.query<{ id: string }>(
    `insert into codebook_runs (program_id, version, mode) values ($1, $2, $3)
     on conflict (program_id, version, mode) where status in ('queued', 'running') do nothing returning id`,
    [r.programId, r.version, r.mode],
  );
  if (inserted.rows[0]) return { id: inserted.rows[0].id, created: true };
  const open = await db.query<{ id: string }>(
    `select id from codebook_runs where program_id = $1 and version = $2 and mode = $3 and status in ('queued', 'running')`,
    [r.programId, r.version, r.mode],
  );
  if (open.rows[0]) return { id: open.rows[0].id, created: false };
  // It finished between the two statements: start a new one.
  return createCodebookRun(db, r);
}

/** A run with its progress; `programId` (when given) scopes it, so another program's run is not found. */
export async function getCodebookRun(db: Queryable, id: string, programId?: string): Promise<CodebookRunRow | null> {
  const { rows } = await db.query<CodebookRunRow>(
    `select r.id, r.program_id as "programId", r.version, r.mode, r.status, r.error, r.comparison,
       r.created_at as "createdAt", r.started_at as "startedAt", r.finished_at as "finishedAt",
       coalesce(i.total, 0)::int as total, coalesce(i.done, 0)::int as done, coalesce(i.skipped, 0)::int as skipped
     from codebook_runs r
     left join lateral (select count(*) as total, count(done_at) as done, count(*) filter (where skipped) as skipped
                        from codebook_run_items where run_id = r.id) i on true
     where r.id = $1 and ($2::uuid is null or r.program_id = $2)`,
    [id, programId ?? null],
  );
  return rows[0] ?? null;
}

/** The latest runs of a program, newest first (without comparisons). */
export async function listCodebookRuns(db: Queryable, programId: string, limit = 20): Promise<Omit<CodebookRunRow, 'comparison' | 'total' | 'done' | 'skipped'>[]> {
  const { rows } = await db.query(
    `select id, program_id as "programId", version, mode, status, error, created_at as "createdAt",
       started_at as "startedAt", finished_at as "finishedAt"
     from codebook_runs where program_id = $1 order by created_at desc, id limit $2`,
    [programId, limit],
  );
  return rows as Omit<CodebookRunRow, 'comparison' | 'total' | 'done' | 'skipped'>[];
}

/**
 * First call of a run: fix the transcripts it covers (every processed transcript of the program at that moment) and
 * mark it running. Later calls (a retried job) find it running already and change nothing. Call in a transaction.
 */
export async function planCodebookRun(db: Queryable, runId: string): Promise<boolean> {
  const { rows } = await db.query<{ programId: string }>(
    `update codebook_runs set status = 'running', started_at = now() where id = $1 and status = 'queued'
     returning program_id as "programId"`,
    [runId],
  );
  const programId = rows[0]?.programId;
  if (!programId) return false;
  await db.query(
    `insert into codebook_run_items (run_id, transcript_id, dyad_id)
     select $1, t.id, t.dyad_id from transcripts t join dyads d on d.id = t.dyad_id
     where d.program_id = $2 and t.status = 'done'
     on conflict do nothing`,
    [runId, programId],
  );
  return true;
}

/**
 * The next items to code, locked for this transaction. `skip locked` lets two workers that run the same run at once
 * (a stalled job handed out again) split the work instead of coding a transcript twice.
 */
export async function claimRunItems(db: Queryable, runId: string, limit: number): Promise<Array<{ transcriptId: string; dyadId: string }>> {
  const { rows } = await db.query<{ transcriptId: string; dyadId: string }>(
    `select transcript_id as "transcriptId", dyad_id as "dyadId" from codebook_run_items
     where run_id = $1 and done_at is null order by transcript_id limit $2 for update skip locked`,
    [runId, limit],
  );
  return rows;
}

export async function countOpenRunItems(db: Queryable, runId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from codebook_run_items where run_id = $1 and done_at is null', [runId]);
  return rows[0]?.n ?? 0;
}

export interface CodingInput {
  transcriptId: string;
  dyadId: string;
  sessionDate: string;
  revision: number;
  taggerVersion: string;
  utterances: StoredUtterance[];
}

/**
 * The live, processed state of these transcripts (tagger version, revision, stored utterances), with the transcript
 * rows locked so a reprocessing job cannot replace them halfway through a batch. Transcripts not `done` (being
 * reprocessed, replaced, failed) are left out: the caller skips them.
 */
export async function loadCodingInputs(db: Queryable, transcriptIds: string[]): Promise<Map<string, CodingInput>> {
  const out = new Map<string, CodingInput>();
  if (transcriptIds.length === 0) return out;
  const { rows: ts } = await db.query<Omit<CodingInput, 'utterances'> & { id: string }>(
    `select id, dyad_id as "dyadId", session_date as "sessionDate", revision, tagger_version as "taggerVersion" from transcripts
     where id = any($1::uuid[]) and status = 'done' and tagger_version is not null order by id for update`,
    [transcriptIds],
  );
  for (const { id, ...t } of ts) out.set(id, { ...t, transcriptId: id, utterances: [] });
  if (out.size === 0) return out;
  const { rows } = await db.query<StoredUtterance & { transcriptId: string }>(
    `select transcript_id as "transcriptId", turn, speaker, role, text, start_s as start, end_s as "end",
       json_build_object('selfDisclosure', self_disclosure, 'emotion', emotion, 'advice', advice,
         'reciprocatedDisclosure', reciprocated_disclosure) as tags, detail, evidence
     from utterances where transcript_id = any($1::uuid[]) order by transcript_id, turn`,
    [[...out.keys()]],
  );
  for (const { transcriptId, ...u } of rows) out.get(transcriptId)!.utterances.push(u);
  return out;
}

const codesDoc = (tagged: readonly TaggedUtterance[]) => JSON.stringify(tagged.map(codeRow));
const RECORDSET = `jsonb_to_recordset($2::jsonb) as r(turn int, sd bool, emo bool, adv bool, rec bool, detail jsonb, evidence jsonb)`;

/** Replace a transcript's codes and session metrics under one codebook version (idempotent). */
export async function storeVersionResults(
  db: Queryable,
  r: { transcriptId: string; version: string; revision: number; tagged: readonly TaggedUtterance[]; metrics: SessionMetrics },
): Promise<void> {
  await db.query('delete from utterance_codes where transcript_id = $1 and codebook_version = $2', [r.transcriptId, r.version]);
  await db.query(
    `insert into utterance_codes (transcript_id, codebook_version, turn, self_disclosure, emotion, advice, reciprocated_disclosure, detail, evidence)
     select $1, $3, r.turn, r.sd, r.emo, r.adv, r.rec, r.detail, r.evidence from ${RECORDSET}`,
    [r.transcriptId, codesDoc(r.tagged), r.version],
  );
  await db.query(
    `insert into session_metrics_versions (transcript_id, codebook_version, revision, metrics_version, metrics)
     values ($1, $2, $3, $4, $5)
     on conflict (transcript_id, codebook_version) do update set revision = excluded.revision,
       metrics_version = excluded.metrics_version, metrics = excluded.metrics, computed_at = now()`,
    [r.transcriptId, r.version, r.revision, r.metrics.metricsVersion, JSON.stringify(r.metrics)],
  );
}

/** Overwrite the live codes of a transcript's utterances (same turns, new tags), for an apply run. */
export async function updateLiveCodes(db: Queryable, transcriptId: string, tagged: readonly TaggedUtterance[]): Promise<void> {
  await db.query(
    `update utterances u set self_disclosure = r.sd, emotion = r.emo, advice = r.adv, reciprocated_disclosure = r.rec,
       detail = r.detail, evidence = r.evidence
     from ${RECORDSET} where u.transcript_id = $1 and u.turn = r.turn`,
    [transcriptId, codesDoc(tagged)],
  );
  await db.query('update transcripts set tagger_version = $2, updated_at = now() where id = $1', [transcriptId, tagged[0]?.codebookVersion ?? null]);
}

export interface RunItemResult {
  skipped: boolean;
  oldVersion?: string;
  oldCounts?: SessionCounts;
  newCounts?: SessionCounts;
  flips?: Array<{ turn: number; tag: TagName; from: boolean; to: boolean }>;
}

export async function finishRunItem(db: Queryable, runId: string, transcriptId: string, r: RunItemResult): Promise<void> {
  await db.query(
    `update codebook_run_items set done_at = now(), skipped = $3, old_version = $4, old_counts = $5, new_counts = $6, flips = $7
     where run_id = $1 and transcript_id = $2`,
    [
      runId,
      transcriptId,
      r.skipped,
      r.oldVersion ?? null,
      r.oldCounts ? JSON.stringify(r.oldCounts) : null,
      r.newCounts ? JSON.stringify(r.newCounts) : null,
      r.flips ? JSON.stringify(r.flips) : null,
    ],
  );
}

export interface DoneRunItem {
  transcriptId: string;
  dyadId: string;
  dyadKey: string;
  oldVersion: string;
  oldCounts: SessionCounts;
  newCounts: SessionCounts;
  flips: NonNullable<RunItemResult['flips']>;
}

/** The coded (not skipped) items of a run, a page at a time in transcript order (`after` = last id seen). */
export async function listDoneRunItems(db: Queryable, runId: string, after: string | null, limit: number): Promise<DoneRunItem[]> {
  const { rows } = await db.query<DoneRunItem>(
    `select i.transcript_id as "transcriptId", i.dyad_id as "dyadId", d.key as "dyadKey", i.old_version as "oldVersion",
       i.old_counts as "oldCounts", i.new_counts as "newCounts", i.flips
     from codebook_run_items i join dyads d on d.id = i.dyad_id
     where i.run_id = $1 and i.done_at is not null and not i.skipped and ($2::uuid is null or i.transcript_id > $2)
     order by i.transcript_id limit $3`,
    [runId, after, limit],
  );
  return rows;
}

/** Record the comparison and mark the run done; a second finisher (a duplicate job) changes nothing. */
export async function finishCodebookRun(db: Queryable, runId: string, comparison: unknown): Promise<boolean> {
  const { rowCount } = await db.query(
    `update codebook_runs set status = 'done', comparison = $2, finished_at = now() where id = $1 and status = 'running'`,
    [runId, JSON.stringify(comparison)],
  );
  return rowCount === 1;
}

export async function stopCodebookRun(db: Queryable, runId: string, status: 'failed' | 'superseded', error: string): Promise<void> {
  await db.query(
    `update codebook_runs set status = $2, error = $3, finished_at = now() where id = $1 and status in ('queued', 'running')`,
    [runId, status, error.slice(0, 2000)],
  );
}

/**
 * The program's active codebook version (null = shipped), read with a share lock: a transaction that writes live
 * results holds it until commit, so the active version cannot change between checking it and writing.
 */
export async function lockActiveCodebook(db: Queryable, programId: string): Promise<string | null> {
  const { rows } = await db.query<{ v: string | null }>('select codebook_version as v from programs where id = $1 for share', [programId]);
  return rows[0]?.v ?? null;
}

export interface VersionedSession {
  transcriptId: string;
  version: string;
  revision: number;
  /** False when the transcript was replaced after these codes were made (they describe the earlier file). */
  current: boolean;
  metrics: SessionMetrics;
  utterances: Array<{ turn: number; tags: TaggedUtterance['tags']; detail: TaggedUtterance['detail']; evidence: TaggedUtterance['evidence'] }>;
}

/** One transcript's stored results under one codebook version, or null when that version never coded it. */
export async function getVersionedSession(db: Queryable, transcriptId: string, version: string): Promise<VersionedSession | null> {
  const { rows } = await db.query<Omit<VersionedSession, 'utterances'>>(
    `select m.transcript_id as "transcriptId", m.codebook_version as version, m.revision, m.revision = t.revision as current, m.metrics
     from session_metrics_versions m join transcripts t on t.id = m.transcript_id
     where m.transcript_id = $1 and m.codebook_version = $2`,
    [transcriptId, version],
  );
  const head = rows[0];
  if (!head) return liveSession(db, transcriptId, version);
  const { rows: utterances } = await db.query<VersionedSession['utterances'][number]>(
    `select turn, json_build_object('selfDisclosure', self_disclosure, 'emotion', emotion, 'advice', advice,
         'reciprocatedDisclosure', reciprocated_disclosure) as tags, detail, evidence
     from utterance_codes where transcript_id = $1 and codebook_version = $2 order by turn`,
    [transcriptId, version],
  );
  return { ...head, utterances };
}

/** How many processed transcripts of the program hold live results of a version other than `version`. */
export async function countLiveOffVersion(db: Queryable, programId: string, version: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `select count(*)::int as n from transcripts t join dyads d on d.id = t.dyad_id
     where d.program_id = $1 and t.status = 'done' and t.tagger_version is distinct from $2`,
    [programId, version],
  );
  return rows[0]?.n ?? 0;
}

/** The live results when they are of `version` and no run has stored that version separately. */
async function liveSession(db: Queryable, transcriptId: string, version: string): Promise<VersionedSession | null> {
  const { rows } = await db.query<Omit<VersionedSession, 'utterances'>>(
    `select t.id as "transcriptId", t.tagger_version as version, t.revision, true as current, m.metrics
     from transcripts t join session_metrics m on m.transcript_id = t.id
     where t.id = $1 and t.status = 'done' and t.tagger_version = $2`,
    [transcriptId, version],
  );
  const head = rows[0];
  if (!head) return null;
  const { rows: utterances } = await db.query<VersionedSession['utterances'][number]>(
    `select turn, json_build_object('selfDisclosure', self_disclosure, 'emotion', emotion, 'advice', advice,
         'reciprocatedDisclosure', reciprocated_disclosure) as tags, detail, evidence
     from utterances where transcript_id = $1 order by turn`,
    [transcriptId],
  );
  return { ...head, utterances };
}
