import type { Role, TranscriptStatus } from '@dyadic/domain';
import type { Queryable } from './pool.js';

export interface TranscriptRow {
  id: string;
  dyadId: string;
  dyadKey: string;
  programId: string;
  sessionDate: string;
  filename: string;
  format: string;
  status: TranscriptStatus;
  error: string | null;
  taggerVersion: string | null;
  utteranceCount: number | null;
  speakerRoles: Record<string, Role>;
  attempts: number;
  revision: number;
  createdAt: string;
  processedAt: string | null;
}

const COLUMNS = `t.id, t.dyad_id as "dyadId", d.key as "dyadKey", d.program_id as "programId",
  t.session_date as "sessionDate", t.filename, t.format, t.status, t.error, t.tagger_version as "taggerVersion",
  t.utterance_count as "utteranceCount", t.speaker_roles as "speakerRoles", t.attempts, t.revision,
  t.created_at as "createdAt", t.processed_at as "processedAt"`;

export interface NewTranscript {
  dyadId: string;
  sessionDate: string;
  filename: string;
  format: string;
  sha256: string;
  speakerRoles: Record<string, Role>;
  content: Uint8Array;
}

/**
 * Store the transcript row and its upload together (call inside a transaction). The same bytes uploaded again for
 * the same dyad and session date return the existing transcript with `duplicate: true` instead of a second row.
 */
export async function insertTranscriptWithUpload(db: Queryable, t: NewTranscript): Promise<{ id: string; duplicate: boolean; status: TranscriptStatus }> {
  const inserted = await db.query<{ id: string }>(
    `insert into transcripts (dyad_id, session_date, filename, format, content_sha256, speaker_roles)
     values ($1, $2, $3, $4, $5, $6)
     on conflict (dyad_id, session_date, content_sha256) do nothing
     returning id`,
    [t.dyadId, t.sessionDate, t.filename, t.format, t.sha256, JSON.stringify(t.speakerRoles)],
  );
  const row = inserted.rows[0];
  if (row) {
    await db.query('insert into uploads (transcript_id, content, size_bytes) values ($1, $2, $3)', [
      row.id,
      Buffer.from(t.content.buffer, t.content.byteOffset, t.content.byteLength),
      t.content.byteLength,
    ]);
    return { id: row.id, duplicate: false, status: 'queued' };
  }
  const existing = await db.query<{ id: string; status: TranscriptStatus }>(
    'select id, status from transcripts where dyad_id = $1 and session_date = $2 and content_sha256 = $3',
    [t.dyadId, t.sessionDate, t.sha256],
  );
  return { ...existing.rows[0]!, duplicate: true };
}

export async function getTranscript(db: Queryable, id: string, programId: string | null): Promise<TranscriptRow | null> {
  const { rows } = await db.query<TranscriptRow>(
    `select ${COLUMNS} from transcripts t join dyads d on d.id = t.dyad_id
     where t.id = $1 and ($2::uuid is null or d.program_id = $2)`,
    [id, programId],
  );
  return rows[0] ?? null;
}

export async function deleteTranscript(db: Queryable, id: string): Promise<void> {
  await db.query('delete from transcripts where id = $1', [id]);
}

/** Mark a transcript as being processed and return it with its upload; null if it no longer exists. */
export async function claimTranscript(db: Queryable, id: string): Promise<(TranscriptRow & { content: Buffer }) | null> {
  const { rows } = await db.query<TranscriptRow & { content: Buffer }>(
    `with claimed as (
       update transcripts set status = 'processing', attempts = attempts + 1, error = null, updated_at = now()
       where id = $1 returning *)
     select ${COLUMNS}, u.content
     from claimed t join dyads d on d.id = t.dyad_id join uploads u on u.transcript_id = t.id`,
    [id],
  );
  return rows[0] ?? null;
}

export async function completeTranscript(db: Queryable, id: string, r: { taggerVersion: string; utteranceCount: number }): Promise<void> {
  await db.query(
    `update transcripts set status = 'done', error = null, tagger_version = $2, utterance_count = $3,
       processed_at = now(), updated_at = now() where id = $1`,
    [id, r.taggerVersion, r.utteranceCount],
  );
}

export async function failTranscript(db: Queryable, id: string, error: string): Promise<void> {
  await db.query(`update transcripts set status = 'failed', error = $2, updated_at = now() where id = $1`, [id, error.slice(0, 2000)]);
}

/** Transcripts accepted but not finished since before `olderThanSeconds` ago: candidates to enqueue again. */
export async function findStalledTranscripts(db: Queryable, olderThanSeconds: number): Promise<Array<{ id: string; revision: number }>> {
  const { rows } = await db.query<{ id: string; revision: number }>(
    `select id, revision from transcripts where status in ('queued', 'processing')
     and updated_at < now() - make_interval(secs => $1) order by created_at limit 1000`,
    [olderThanSeconds],
  );
  return rows;
}

/**
 * Replace a transcript's file (a corrected transcript of the same session): new bytes and roles, a new revision,
 * back to queued, old utterances and metrics removed. Call inside a transaction, then enqueue the new revision.
 */
export async function replaceTranscriptUpload(
  db: Queryable,
  id: string,
  t: { filename: string; format: string; sha256: string; speakerRoles: Record<string, Role>; content: Uint8Array },
): Promise<{ revision: number }> {
  const { rows } = await db.query<{ revision: number }>(
    `update transcripts set filename = $2, format = $3, content_sha256 = $4, speaker_roles = $5, status = 'queued',
       error = null, tagger_version = null, utterance_count = null, processed_at = null, attempts = 0,
       revision = revision + 1, updated_at = now()
     where id = $1 returning revision`,
    [id, t.filename, t.format, t.sha256, JSON.stringify(t.speakerRoles)],
  );
  await db.query('update uploads set content = $2, size_bytes = $3, created_at = now() where transcript_id = $1', [
    id,
    Buffer.from(t.content.buffer, t.content.byteOffset, t.content.byteLength),
    t.content.byteLength,
  ]);
  await db.query('delete from utterances where transcript_id = $1', [id]);
  await db.query('delete from session_metrics where transcript_id = $1', [id]);
  return { revision: rows[0]!.revision };
}
