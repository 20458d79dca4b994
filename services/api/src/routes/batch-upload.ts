/**
 * POST /api/v1/transcripts/batch: a zip of transcripts, all or nothing. The archive and every entry are checked
 * (zip limits, manifest or path rules, parse, roles) before anything is stored; any bad entry refuses the whole
 * batch with a list of every bad entry. A good batch is stored in one transaction, each file exactly as the single
 * upload stores it, then every new transcript is queued.
 */
import { setImmediate as nextTick } from 'node:timers/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DomainError, type Role } from '@dyadic/domain';
import { findDyadsByKey, withTransaction } from '@dyadic/db';
import { parseManifest, planBatch, readBatchZip, type BatchTarget, type ManifestProblem, type ZipLimits } from '@dyadic/transcript';
import { access } from '../access.js';
import { Problem, problemResponses } from '../schemas/common.js';
import { BatchAccepted, BatchForm, BatchRejected } from '../schemas/transcripts.js';
import { enqueueOrUndo, parseWithRoles, redactsPii, storeSession, storedContent, undoSessions, type PreparedSession } from './ingest.js';
import { receiveBatch, safeFilename } from './upload-fields.js';
import { targetProgram } from './scope.js';

type Problems = ManifestProblem[];

/** Program ids by the name a row (or the form) gives, resolved once per name; a bad name is a problem of the row. */
function programResolver(app: FastifyInstance, request: FastifyRequest) {
  const cache = new Map<string, Promise<string | DomainError>>();
  return (named: string | undefined): Promise<string | DomainError> => {
    const k = named ?? '';
    let p = cache.get(k);
    if (!p) {
      p = targetProgram(app, request, named).catch((err: unknown) => {
        if (err instanceof DomainError) return err;
        throw err;
      });
      cache.set(k, p);
    }
    return p;
  };
}

/**
 * Parse every target and settle its roles, in zip order. Roles a dyad's earlier file in the batch settled count for
 * its later files, as they would had the files been uploaded one by one.
 */
async function prepareAll(app: FastifyInstance, request: FastifyRequest, targets: BatchTarget[], defaultProgram: string | undefined, problems: Problems) {
  const program = programResolver(app, request);
  const dyads = new Map<string, { roles: Record<string, Role>; existed: boolean }>();
  const redact = new Map<string, boolean>();
  const prepared: Array<PreparedSession & { file: string; parsedFormat: string }> = [];
  const newDyads = new Set<string>();
  for (const t of targets) {
    const programId = await program(t.fields.program ?? defaultProgram);
    if (programId instanceof DomainError) {
      problems.push({ file: t.file, type: 'unknown-program', reason: `program "${(t.fields.program ?? defaultProgram ?? '').slice(0, 80)}" not found`, ...(t.manifestLine ? { manifestLine: t.manifestLine } : {}) });
      continue;
    }
    const dyadRef = `${programId}\u0000${t.fields.dyad}`;
    let dyad = dyads.get(dyadRef);
    if (!dyad) {
      const existing = (await findDyadsByKey(app.pool, t.fields.dyad, programId))[0];
      dyad = { roles: { ...(existing?.speakerRoles ?? {}) }, existed: !!existing };
      dyads.set(dyadRef, dyad);
      if (!existing) newDyads.add(dyadRef);
    }
    const filename = safeFilename(t.file);
    try {
      const known = Object.keys(dyad.roles).length ? dyad.roles : undefined;
      const { parsed, roles, remembered, sha256 } = await parseWithRoles(app, filename, t.data, t.fields, known);
      if (!redact.has(programId)) redact.set(programId, await redactsPii(app, programId));
      const { content, format } = storedContent(redact.get(programId)!, parsed, roles, t.data);
      Object.assign(dyad.roles, remembered);
      prepared.push({ file: t.file, programId, dyadKey: t.fields.dyad, sessionDate: t.fields.sessionDate, filename, format, sha256, roles, remembered, content, parsedFormat: parsed.format });
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      // inFile prefixed the file name; the entry's full path is in `file` already.
      const reason = err.message.startsWith(`${filename}: `) ? err.message.slice(filename.length + 2) : err.message;
      const line = typeof err.extra.line === 'number' ? err.extra.line : undefined;
      problems.push({ file: t.file, type: err.type, reason, ...(line !== undefined ? { line } : {}), ...(Array.isArray(err.extra.speakers) ? { speakers: err.extra.speakers } : {}) });
    }
    // Parsing is CPU work: let other requests (health checks, other uploads) in between files.
    await nextTick();
  }
  return { prepared, newDyads };
}

function reject(problems: Problems, entries: number): never {
  // By path, in code-unit order (not locale order), so the list reads the same on every server.
  const errors = [...problems].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const names = [...new Set(errors.map((e) => e.file))];
  const listed = names.slice(0, 5).join(', ') + (names.length > 5 ? `, and ${names.length - 5} more` : '');
  throw new DomainError(`${names.length} file${names.length === 1 ? '' : 's'} in the zip cannot be uploaded (${listed}); nothing was stored. See "errors" for each file and reason.`, 422, 'batch-rejected', {
    errors,
    files: entries,
  });
}

export function zipLimits(app: FastifyInstance): ZipLimits {
  return { ...app.config.zip, maxEntryBytes: app.config.maxUploadBytes };
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/v1/transcripts/batch', {
    ...access('POST /api/v1/transcripts/batch'),
    // The body is read as a multipart stream in the handler; this schema documents it in OpenAPI.
    validatorCompiler: () => () => true,
    schema: {
      tags: ['transcripts'],
      summary: 'Upload a zip of session transcripts (all or nothing)',
      description:
        'Multipart upload of a zip of transcripts with an optional manifest (see docs/batch-upload.md). The zip and every ' +
        'file in it are checked before anything is stored: zip limits (size, entries, unzipped size, compression ratio), ' +
        'safe paths (no .., absolute paths, backslashes, symlinks, duplicates, encryption), dyad and date (manifest or ' +
        'folder and file name), parsing and speaker roles. If any file is bad the answer is 422 problem+json whose ' +
        '`errors` lists every bad file with the reason (and line), and nothing is stored. Otherwise every file is stored ' +
        'as the single upload would store it, in one transaction, and queued: 202 with one entry per file (200 when ' +
        'every file was already uploaded).',
      consumes: ['multipart/form-data'],
      body: BatchForm,
      response: { 200: BatchAccepted, 202: BatchAccepted, ...problemResponses, 413: Problem, 415: Problem, 422: BatchRejected, 503: Problem },
    },
  }, async (request, reply) => {
    const limits = zipLimits(app);
    const { data, manifest: manifestField, program } = await receiveBatch(request, limits.maxZipBytes);
    const zip = readBatchZip(data, limits);
    let manifest: { rows: ReturnType<typeof parseManifest>; base: string } | null = null;
    if (manifestField !== undefined) manifest = { rows: parseManifest(manifestField), base: '' };
    else if (zip.manifest) {
      const inZip = zip.manifest;
      try {
        manifest = { rows: parseManifest(inZip.text), base: inZip.base };
      } catch (err) {
        if (err instanceof DomainError) throw new DomainError(`${inZip.name}: ${err.message}`, err.status, err.type, { ...err.extra, file: inZip.name });
        throw err;
      }
    }
    const plan = planBatch(zip.entries, manifest, new Set(zip.problems.map((p) => p.file)));
    const problems: Problems = [...zip.problems, ...plan.problems];
    const entries = zip.entries.length + zip.problems.length;
    if (entries === 0) throw new DomainError('the zip holds no transcripts', 422, 'empty-batch');
    const { prepared, newDyads } = await prepareAll(app, request, plan.targets, program, problems);
    if (problems.length) reject(problems, entries);

    const stored = await withTransaction(app.pool, async (client) => {
      const out = [];
      for (const p of prepared) out.push({ ...(await storeSession(client, p)), prepared: p });
      return out;
    });
    const fresh = stored.filter((s) => !s.duplicate);
    const createdDyads = [...new Set(stored.filter((s) => newDyads.has(`${s.prepared.programId}\u0000${s.prepared.dyadKey}`)).map((s) => s.dyadId))];
    await enqueueOrUndo(app, fresh.map((s) => s.id), 1, () => undoSessions(app, fresh.map((s) => s.id), createdDyads), request.log);
    request.log.info({ files: stored.length, accepted: fresh.length }, 'batch upload stored');

    reply.code(fresh.length ? 202 : 200);
    return {
      accepted: fresh.length,
      duplicates: stored.length - fresh.length,
      entries: stored.map((s) => ({
        file: s.prepared.file,
        id: s.id,
        status: s.duplicate ? ('duplicate' as const) : ('accepted' as const),
        dyadId: s.dyadId,
        sessionDate: s.prepared.sessionDate,
        format: s.prepared.parsedFormat,
      })),
    };
  });
};

export default routes;
