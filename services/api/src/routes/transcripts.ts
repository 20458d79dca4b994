import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { DomainError } from '@dyadic/domain';
import {
  audit,
  deleteTranscript,
  findDyadsByKey,
  getTranscript,
  listUtterances,
  recomputeDyadMetrics,
  rememberSpeakerRoles,
  replaceTranscriptUpload,
  withTransaction,
  type StoredUtterance,
} from '@dyadic/db';
import { access } from '../access.js';
import { IdParams, Problem, problemResponses } from '../schemas/common.js';
import { ReplaceForm, TranscriptView, UploadAccepted, UploadForm, UtteranceList } from '../schemas/transcripts.js';
import { enqueueOrUndo, parseWithRoles, redactsPii, storeSession, storedContent, undoSessions } from './ingest.js';
import { receiveReplacement, receiveUpload } from './upload-fields.js';
import { auditFor, iso, notFound, scopeOf, targetProgram } from './scope.js';

/** Staff see only the evidence behind the numbers: tagged turns and the mentor turns answering a mentee disclosure. */
function evidenceOnly(utterances: StoredUtterance[]): StoredUtterance[] {
  const linked = new Set<number>();
  for (const u of utterances) {
    const d = u.detail as { mentorResponse?: { turn?: number }; reciprocates?: { turn: number } };
    if (d.mentorResponse?.turn !== undefined) linked.add(d.mentorResponse.turn);
    if (d.reciprocates) linked.add(d.reciprocates.turn);
  }
  return utterances.filter((u) => Object.values(u.tags).some(Boolean) || linked.has(u.turn));
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/v1/transcripts', {
    ...access('POST /api/v1/transcripts'),
    // The body is read as a multipart stream in the handler; this schema documents it in OpenAPI.
    validatorCompiler: () => () => true,
    schema: {
      tags: ['transcripts'],
      summary: 'Upload one session transcript',
      description:
        'Multipart upload of one transcript file for one session of a dyad. The file is parsed before anything is ' +
        'stored: bad input is refused with 4xx problem+json naming the file, line and reason, and nothing is kept. ' +
        'Accepted files are stored, then tagged in the background: poll GET /api/v1/transcripts/{id}. Speaker roles ' +
        'come from the `mentor`/`mentee` fields, else the mapping the dyad remembers from earlier sessions, else ' +
        'speaker labels in the file (Mentor/Mentee, CHAT roles); when none apply the error lists the speakers found. ' +
        'Uploading the same file again for the same dyad and date returns the existing transcript (200, duplicate).',
      consumes: ['multipart/form-data'],
      body: UploadForm,
      response: { 200: UploadAccepted, 202: UploadAccepted, ...problemResponses, 413: Problem, 415: Problem, 422: Problem, 503: Problem },
    },
  }, async (request, reply) => {
    const { fields, filename, data } = await receiveUpload(request);
    const programId = await targetProgram(app, request, fields.program);
    const existing = (await findDyadsByKey(app.pool, fields.dyad, programId))[0];
    const { parsed, roles, remembered, sha256 } = await parseWithRoles(app, filename, data, fields, existing?.speakerRoles);
    const { content, format } = storedContent(await redactsPii(app, programId), parsed, roles, data);

    const stored = await withTransaction(app.pool, (client) =>
      storeSession(client, { programId, dyadKey: fields.dyad, sessionDate: fields.sessionDate, filename, format, sha256, roles, remembered, content }),
    );
    if (!stored.duplicate) {
      await enqueueOrUndo(app, [stored.id], 1, () => undoSessions(app, [stored.id], existing ? [] : [stored.dyadId]), request.log);
    }
    reply.code(stored.duplicate ? 200 : 202).header('location', `/api/v1/transcripts/${stored.id}`);
    return {
      id: stored.id,
      status: stored.status,
      dyadId: stored.dyadId,
      sessionDate: fields.sessionDate,
      format: parsed.format,
      duplicate: stored.duplicate,
      speakers: Object.entries(roles).map(([name, role]) => ({ name, role })),
    };
  });

  app.put('/api/v1/transcripts/:id/file', {
    ...access('PUT /api/v1/transcripts/:id/file'),
    validatorCompiler: ({ httpPart }) => (httpPart === 'body' ? () => true : (v: unknown) => ({ value: v })),
    schema: {
      tags: ['transcripts'],
      summary: "Replace a session's transcript (a corrected file) and process it again",
      description: 'Same rules as the upload. The old utterances and metrics are removed, the dyad metrics recomputed when the new file is processed.',
      consumes: ['multipart/form-data'],
      params: IdParams,
      body: ReplaceForm,
      response: { 202: UploadAccepted, ...problemResponses, 409: Problem, 413: Problem, 415: Problem, 422: Problem, 503: Problem },
    },
  }, async (request, reply) => {
    const { id } = request.params as { id: string };
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw notFound('transcript');
    const t = await getTranscript(app.pool, id, scopeOf(request));
    if (!t) throw notFound('transcript');
    const { fields, filename, data } = await receiveReplacement(request);
    const dyadRoles = (await findDyadsByKey(app.pool, t.dyadKey, t.programId))[0]?.speakerRoles;
    const { parsed, roles, remembered, sha256 } = await parseWithRoles(app, filename, data, fields, dyadRoles);
    const { content, format } = storedContent(await redactsPii(app, t.programId), parsed, roles, data);
    const { revision } = await withTransaction(app.pool, async (client) => {
      const r = await replaceTranscriptUpload(client, t.id, { filename, format, sha256, speakerRoles: roles, content }).catch((err: { code?: string }) => {
        if (err.code === '23505') throw new DomainError(`${filename}: this exact file is already another transcript of the same session date`, 409, 'conflict', { file: filename });
        throw err;
      });
      await rememberSpeakerRoles(client, t.dyadId, remembered);
      await recomputeDyadMetrics(client, t.dyadId);
      await audit(client, auditFor(request, { programId: t.programId, action: 'replace', objectType: 'transcript', objectId: t.id, detail: { revision: r.revision } }));
      return r;
    });
    await enqueueOrUndo(app, [t.id], revision, async () => {
      await app.pool.query(`update transcripts set status = 'failed', error = 'replaced file could not be queued; upload it again' where id = $1`, [t.id]);
    }, request.log);
    reply.code(202).header('location', `/api/v1/transcripts/${t.id}`);
    return { id: t.id, status: 'queued' as const, dyadId: t.dyadId, sessionDate: t.sessionDate, format: parsed.format, duplicate: false, speakers: Object.entries(roles).map(([name, role]) => ({ name, role })) };
  });

  app.get('/api/v1/transcripts/:id', {
    ...access('GET /api/v1/transcripts/:id'),
    schema: { tags: ['transcripts'], summary: 'Processing status of a transcript (one session)', params: IdParams, response: { 200: TranscriptView, ...problemResponses } },
  }, async (request) => {
    const t = await getTranscript(app.pool, request.params.id, scopeOf(request));
    if (!t) throw notFound('transcript');
    return {
      id: t.id,
      dyadId: t.dyadId,
      dyadKey: t.dyadKey,
      sessionDate: t.sessionDate,
      filename: t.filename,
      format: t.format,
      status: t.status,
      ...(t.error ? { error: t.error } : {}),
      utterances: t.utteranceCount,
      taggerVersion: t.taggerVersion,
      revision: t.revision,
      createdAt: iso(t.createdAt)!,
      processedAt: iso(t.processedAt),
    };
  });

  app.delete('/api/v1/transcripts/:id', {
    ...access('DELETE /api/v1/transcripts/:id'),
    schema: {
      tags: ['transcripts'],
      summary: 'Delete a session: its upload, utterances, tags and metrics (consent withdrawal)',
      description: 'One transaction; the dyad metrics are recomputed without it. An audit record (who, when, counts) remains; no content.',
      params: IdParams,
      response: { 204: Type.Null(), ...problemResponses },
    },
  }, async (request, reply) => {
    const t = await getTranscript(app.pool, request.params.id, scopeOf(request));
    if (!t) throw notFound('transcript');
    await withTransaction(app.pool, async (client) => {
      await deleteTranscript(client, t.id);
      await recomputeDyadMetrics(client, t.dyadId);
      await audit(client, auditFor(request, { programId: t.programId, action: 'delete', objectType: 'transcript', objectId: t.id, detail: { dyadId: t.dyadId, utterances: t.utteranceCount ?? 0 } }));
    });
    return reply.code(204).send(null);
  });

  app.get('/api/v1/transcripts/:id/utterances', {
    ...access('GET /api/v1/transcripts/:id/utterances'),
    schema: {
      tags: ['transcripts'],
      summary: 'Tagged utterances of a transcript, with evidence spans',
      description: 'Researchers and admins get every turn; staff get the evidence behind the numbers (tagged turns and the mentor turns that answer them). Every read is written to the audit log.',
      params: IdParams,
      querystring: Type.Object({ tag: Type.Optional(Type.Union([Type.Literal('selfDisclosure'), Type.Literal('emotion'), Type.Literal('advice'), Type.Literal('reciprocatedDisclosure')], { description: 'Only utterances with this tag' })) }),
      response: { 200: UtteranceList, ...problemResponses },
    },
  }, async (request) => {
    const t = await getTranscript(app.pool, request.params.id, scopeOf(request));
    if (!t) throw notFound('transcript');
    let utterances = await listUtterances(app.pool, t.id);
    const scope: 'all' | 'evidence' = request.apiKey!.role === 'staff' ? 'evidence' : 'all';
    if (scope === 'evidence') utterances = evidenceOnly(utterances);
    const tag = request.query.tag;
    if (tag) utterances = utterances.filter((u) => u.tags[tag]);
    await audit(app.pool, auditFor(request, { programId: t.programId, action: 'read_text', objectType: 'transcript', objectId: t.id, detail: { utterances: utterances.length, scope } }));
    return { transcriptId: t.id, status: t.status, taggerVersion: t.taggerVersion, scope, utterances };
  });
};

export default routes;
