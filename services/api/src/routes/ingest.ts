/**
 * What the single upload and the batch upload share: parse and settle roles before anything is stored, decide the
 * bytes that get stored (redacted or not), write one session, and enqueue processing or undo.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { DomainError, type Role } from '@dyadic/domain';
import { deleteTranscript, findOrCreateDyad, insertTranscriptWithUpload, rememberSpeakerRoles, withTransaction, type Queryable } from '@dyadic/db';
import { enqueue, jobIdFor } from '@dyadic/jobs';
import { assignRoles, parseTranscript, speakerKey, type ParsedTranscript } from '@dyadic/transcript';
import { redactTurns } from '@dyadic/redaction';
import { HttpProblem } from '../plugins/problem.js';
import type { RoleFields } from './upload-fields.js';

/** Name the uploaded file in every input error, so a batch uploader knows which file to fix. */
export function inFile<T>(filename: string, fn: () => Promise<T> | T): Promise<T> {
  return Promise.resolve()
    .then(fn)
    .catch((err: unknown) => {
      if (err instanceof DomainError) {
        const tooLarge = err.extra.reason === 'too-large';
        throw new DomainError(`${filename}: ${err.message}`, tooLarge ? 413 : err.status, tooLarge ? 'upload-too-large' : err.type, { ...err.extra, file: filename });
      }
      throw err;
    });
}

/** Parse and resolve roles before anything is stored: bad input leaves no trace. */
export async function parseWithRoles(app: FastifyInstance, filename: string, data: Uint8Array, fields: RoleFields, known: Record<string, Role> | undefined) {
  const parsed: ParsedTranscript = await inFile(filename, () =>
    parseTranscript(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), { filename, maxBytes: app.config.maxUploadBytes }),
  );
  const roles = await inFile(filename, () =>
    assignRoles(parsed, { ...(fields.mentor ? { mentor: fields.mentor } : {}), ...(fields.mentee ? { mentee: fields.mentee } : {}), ...(known ? { known } : {}) }),
  );
  const remembered: Record<string, Role> = {};
  for (const [name, role] of Object.entries(roles)) if (role !== 'other') remembered[speakerKey(name)] = role;
  return { parsed, roles, remembered, sha256: createHash('sha256').update(data).digest('hex') };
}

/** The program's `redactPii` setting. */
export async function redactsPii(app: FastifyInstance, programId: string): Promise<boolean> {
  const { rows } = await app.pool.query<{ on: boolean | null }>(`select (settings->>'redactPii')::boolean as on from programs where id = $1`, [programId]);
  return rows[0]?.on === true;
}

/**
 * With the program's `redactPii` setting, what gets stored is not the upload but its turns with names (other than
 * the dyad's), phone numbers, e-mails, street addresses and dates of birth replaced by typed placeholders, as JSON
 * lines the parser reads back. The original bytes never reach the database.
 */
export function storedContent(redact: boolean, parsed: ParsedTranscript, roles: Record<string, Role>, data: Uint8Array): { content: Uint8Array; format: string; redactions: number } {
  if (!redact) return { content: data, format: parsed.format, redactions: 0 };
  const names = Object.keys(roles);
  const keepNames = names.filter((n) => roles[n] !== 'other');
  const redacted = redactTurns(parsed.turns, { keepNames, knownNames: names.filter((n) => roles[n] === 'other') });
  const lines = redacted.map((t) => JSON.stringify({ index: t.index, speaker: t.speaker, text: t.text, ...(t.start !== undefined ? { start: t.start } : {}), ...(t.end !== undefined ? { end: t.end } : {}) }));
  return { content: Buffer.from(lines.join('\n') + '\n', 'utf8'), format: 'json', redactions: redacted.reduce((n, t) => n + t.replacements.length, 0) };
}

/** A session ready to store: what parseWithRoles found plus the bytes to keep. */
export interface PreparedSession {
  programId: string;
  dyadKey: string;
  sessionDate: string;
  filename: string;
  format: string;
  sha256: string;
  roles: Record<string, Role>;
  remembered: Record<string, Role>;
  content: Uint8Array;
}

export interface StoredSession {
  id: string;
  status: 'queued' | 'processing' | 'done' | 'failed';
  duplicate: boolean;
  dyadId: string;
}

/** Write one session inside the caller's transaction: the dyad (created on first use), the transcript and its upload. */
export async function storeSession(client: Queryable, s: PreparedSession): Promise<StoredSession> {
  const dyad = await findOrCreateDyad(client, s.programId, s.dyadKey);
  const t = await insertTranscriptWithUpload(client, {
    dyadId: dyad.id,
    sessionDate: s.sessionDate,
    filename: s.filename,
    format: s.format,
    sha256: s.sha256,
    speakerRoles: s.roles,
    content: s.content,
  });
  if (!t.duplicate) await rememberSpeakerRoles(client, dyad.id, s.remembered);
  return { ...t, dyadId: dyad.id };
}

/** Remove transcripts stored by a request, and those of `newDyadIds` (dyads it created) that are left empty. */
export async function undoSessions(app: FastifyInstance, transcriptIds: string[], newDyadIds: string[]): Promise<void> {
  await withTransaction(app.pool, async (client) => {
    for (const id of transcriptIds) await deleteTranscript(client, id);
    if (newDyadIds.length) {
      await client.query('delete from dyads d where d.id = any($1::uuid[]) and not exists (select 1 from transcripts t where t.dyad_id = d.id)', [newDyadIds]);
    }
  });
}

/**
 * Enqueue the processing jobs (a few at a time); when the queue is down, undo what was stored and answer 503. Jobs
 * already added before the failure are harmless: the processor skips transcripts that no longer exist.
 */
export async function enqueueOrUndo(app: FastifyInstance, transcriptIds: string[], revision: number, undo: () => Promise<void>, log: { error(o: object, m: string): void }) {
  const pending = [...transcriptIds];
  try {
    while (pending.length) {
      const chunk = pending.splice(0, 16);
      await Promise.all(chunk.map((transcriptId) => enqueue(app.queue, 'process-transcript', { transcriptId }, { jobId: jobIdFor(transcriptId, app.taggerVersion, revision) })));
    }
  } catch (err) {
    log.error({ err, transcripts: transcriptIds.length }, 'enqueue failed; change rolled back');
    await undo();
    throw new HttpProblem(503, 'queue-unavailable', 'the processing queue is not reachable; nothing was stored, try again shortly', {}, { 'retry-after': '30' });
  }
}
