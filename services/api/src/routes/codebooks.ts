import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  countLiveOffVersion,
  createCodebookRun,
  getCodebookRun,
  getTranscript,
  getVersionedSession,
  listCodebookRuns,
  listProgramCodebooks,
  saveProgramCodebook,
  setActiveCodebook,
  stopCodebookRun,
  withTransaction,
  type CodebookRunMode,
} from '@dyadic/db';
import { codebookRunJobId, enqueue } from '@dyadic/jobs';
import { access } from '../access.js';
import { IdParams, Problem, problemResponses } from '../schemas/common.js';
import {
  Activated,
  checkDictionary,
  CodebookCreate,
  CodebookList,
  CodebookSaved,
  CodesQuery,
  RunAccepted,
  RunParams,
  RunView,
  shippedEmotionCategories,
  VersionBody,
  VersionedCodes,
} from '../schemas/codebooks.js';
import { HttpProblem } from '../plugins/problem.js';
import { iso, notFound, programInScope, record, scopeOf } from './scope.js';

/** Queue the run's job; when the queue is down the run is marked failed (asking again starts a new one) → 503. */
async function enqueueRun(app: FastifyInstance, request: FastifyRequest, runId: string): Promise<void> {
  try {
    await enqueue(app.queue, 'recode-program', { runId }, { jobId: codebookRunJobId(runId) });
  } catch (err) {
    request.log.error({ err, runId }, 'enqueue of codebook run failed');
    await stopCodebookRun(app.pool, runId, 'failed', 'the processing queue was not reachable; ask again');
    throw new HttpProblem(503, 'queue-unavailable', 'the processing queue is not reachable; try again shortly', {}, { 'retry-after': '30' });
  }
}

async function startRun(app: FastifyInstance, request: FastifyRequest, programId: string, version: string, mode: CodebookRunMode) {
  const run = await createCodebookRun(app.pool, { programId, version, mode });
  // Also for an existing unfinished run: the job id makes it a no-op when its job is queued already.
  await enqueueRun(app, request, run.id);
  if (run.created) await record(app, request, { programId, action: 'start', objectType: 'codebook_run', objectId: run.id, detail: { version, mode } });
  return run;
}

/**
 * Codebook versions of a program (its own dictionaries on top of the shipped codebook), the active version, and
 * background re-runs of the program's corpus under a version with an old → new comparison. docs/codebook-versions.md.
 */
const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/v1/programs/:id/codebooks', {
    ...access('GET /api/v1/programs/:id/codebooks'),
    schema: {
      tags: ['codebooks'],
      summary: 'Codebook versions of a program: the shipped one and its own dictionaries, with the active one marked',
      params: IdParams,
      response: { 200: CodebookList, ...problemResponses },
    },
  }, async (request) => {
    const program = await programInScope(app, request, request.params.id);
    const items = await listProgramCodebooks(app.pool, program.id);
    const runs = await listCodebookRuns(app.pool, program.id);
    return {
      programId: program.id,
      active: items.find((i) => i.active)?.version ?? items[0]!.version,
      items: items.map((i) => ({ version: i.version, baseVersion: i.baseVersion, terms: i.extraTerms, note: i.note, createdAt: iso(i.createdAt)!, active: i.active })),
      emotionCategories: shippedEmotionCategories(),
      runs: runs.map((r) => ({ id: r.id, version: r.version, mode: r.mode, status: r.status, error: r.error, createdAt: iso(r.createdAt)!, finishedAt: iso(r.finishedAt) })),
    };
  });

  app.post('/api/v1/programs/:id/codebooks', {
    ...access('POST /api/v1/programs/:id/codebooks'),
    schema: {
      tags: ['codebooks'],
      summary: "Add a program's own terms to the shipped codebook: a new codebook version",
      description:
        'The version is named after the terms (`0.2.0+custom.<hash>`): the same terms again return the existing version (200). ' +
        'The terms are checked strictly (known keys, known or new-with-valence emotion categories, limits, no duplicates, no words the ' +
        'shipped codebook already has) and lower-cased; a problem answers 422 naming the field. Saving does not change the active version.',
      params: IdParams,
      body: CodebookCreate,
      response: { 200: CodebookSaved, 201: CodebookSaved, ...problemResponses, 422: Problem },
    },
    // Before schema validation, which would quietly drop unknown keys (removeAdditional) instead of refusing them.
    preValidation: async (request) => {
      const body = request.body as { terms?: unknown } | null;
      if (body && typeof body === 'object' && 'terms' in body) body.terms = checkDictionary(body.terms);
    },
  }, async (request, reply) => {
    const program = await programInScope(app, request, request.params.id);
    const saved = await saveProgramCodebook(app.pool, program.id, request.body.terms, request.body.note ?? null);
    if (saved.created) await record(app, request, { programId: program.id, action: 'create', objectType: 'codebook', objectId: saved.version });
    reply.code(saved.created ? 201 : 200);
    return saved;
  });

  app.put('/api/v1/programs/:id/codebooks/active', {
    ...access('PUT /api/v1/programs/:id/codebooks/active'),
    schema: {
      tags: ['codebooks'],
      summary: 'Make a version the one new uploads are tagged with, and bring the live results to it',
      description:
        'New uploads are tagged with the new version at once. When processed sessions hold results of another version, an `apply` ' +
        're-run is queued (202, `runId`): it re-tags them and replaces the live codes and metrics, so dashboards never mix versions ' +
        'for longer than the run takes (each session shows its `taggerVersion` meanwhile). 200 when nothing needs re-running.',
      params: IdParams,
      body: VersionBody,
      response: { 200: Activated, 202: Activated, ...problemResponses, 503: Problem },
    },
  }, async (request, reply) => {
    const program = await programInScope(app, request, request.params.id);
    const { version } = request.body;
    const { previous, stale } = await withTransaction(app.pool, async (client) => {
      const r = await setActiveCodebook(client, program.id, version);
      return { previous: r.previous, stale: await countLiveOffVersion(client, program.id, version) };
    });
    await record(app, request, { programId: program.id, action: 'activate', objectType: 'codebook', objectId: version, detail: { previous } });
    const run = stale > 0 ? await startRun(app, request, program.id, version, 'apply') : null;
    reply.code(run ? 202 : 200);
    return { version, previous, runId: run?.id ?? null };
  });

  app.post('/api/v1/programs/:id/codebook-runs', {
    ...access('POST /api/v1/programs/:id/codebook-runs'),
    schema: {
      tags: ['codebooks'],
      summary: "Re-run the program's processed transcripts under a codebook version, in the background",
      description:
        'Re-tags the stored utterances under `version` and keeps the results next to the live ones (which are not changed). Poll ' +
        'GET .../codebook-runs/{runId} for progress and, when done, the old → new comparison. Asking again while the same run is ' +
        'unfinished returns that run.',
      params: IdParams,
      body: VersionBody,
      response: { 202: RunAccepted, ...problemResponses, 409: Problem, 503: Problem },
    },
  }, async (request, reply) => {
    const program = await programInScope(app, request, request.params.id);
    const { version } = request.body;
    if (!(await listProgramCodebooks(app.pool, program.id)).some((c) => c.version === version)) throw notFound(`codebook version ${version}`);
    const run = await startRun(app, request, program.id, version, 'compare');
    const row = await getCodebookRun(app.pool, run.id);
    reply.code(202).header('location', `/api/v1/programs/${program.id}/codebook-runs/${run.id}`);
    return { runId: run.id, version, mode: 'compare' as const, status: row?.status ?? 'queued' };
  });

  app.get('/api/v1/programs/:id/codebook-runs/:runId', {
    ...access('GET /api/v1/programs/:id/codebook-runs/:runId'),
    schema: {
      tags: ['codebooks'],
      summary: 'A re-run: status, progress (transcripts done / total) and, when done, each metric old → new and the flipped codes',
      params: RunParams,
      response: { 200: RunView, ...problemResponses },
    },
  }, async (request) => {
    const program = await programInScope(app, request, request.params.id);
    const r = await getCodebookRun(app.pool, request.params.runId, program.id);
    if (!r) throw notFound('codebook run');
    return {
      id: r.id,
      programId: r.programId,
      version: r.version,
      mode: r.mode,
      status: r.status,
      error: r.error,
      progress: { done: r.done, total: r.total, skipped: r.skipped },
      createdAt: iso(r.createdAt)!,
      startedAt: iso(r.startedAt),
      finishedAt: iso(r.finishedAt),
      comparison: r.status === 'done' ? r.comparison : null,
    };
  });

  app.get('/api/v1/transcripts/:id/codes', {
    ...access('GET /api/v1/transcripts/:id/codes'),
    schema: {
      tags: ['codebooks'],
      summary: "A session's codes and metrics under one codebook version (kept for every version a run or the live job produced)",
      params: IdParams,
      querystring: CodesQuery,
      response: { 200: VersionedCodes, ...problemResponses },
    },
  }, async (request) => {
    const t = await getTranscript(app.pool, request.params.id, scopeOf(request));
    if (!t) throw notFound('transcript');
    const v = await getVersionedSession(app.pool, t.id, request.query.version);
    if (!v) throw notFound(`codes of version ${request.query.version} for this transcript`);
    return v;
  });
};

export default routes;
