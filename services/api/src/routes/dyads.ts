import type { FastifyInstance } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { DomainError, type Role } from '@dyadic/domain';
import {
  audit,
  deleteDyad,
  findDyadsByKey,
  findOrCreateDyad,
  getDyadMetrics,
  listDyads,
  listDyadSessions,
  programAlertSettings,
  updateDyad,
  withTransaction,
  type DyadRow,
} from '@dyadic/db';
import { computeDyadMetrics, computeTrends, noRecentSessionAlert, type Alert } from '@dyadic/metrics';
import { speakerKey } from '@dyadic/transcript';
import { access } from '../access.js';
import { IdParams, Problem, problemResponses } from '../schemas/common.js';
import { DyadCreate, DyadList, DyadListQuery, DyadMetricsView, DyadPatch, DyadView, SessionView, TrendsView } from '../schemas/dyads.js';
import { auditFor, decodeCursor, dyadInScope, encodeCursor, iso, record, scopeOf, targetProgram } from './scope.js';

export function dyadView(d: DyadRow) {
  return { id: d.id, programId: d.programId, key: d.key, label: d.label, archived: d.archivedAt !== null, speakerRoles: d.speakerRoles, createdAt: iso(d.createdAt)! };
}

function roleMapping(mentor?: string, mentee?: string): Record<string, Role> | undefined {
  if (!mentor && !mentee) return undefined;
  if (!mentor || !mentee) throw new DomainError('give both "mentor" and "mentee" to set the role mapping', 400, 'invalid-field', { field: mentor ? 'mentee' : 'mentor' });
  if (speakerKey(mentor) === speakerKey(mentee)) throw new DomainError('"mentor" and "mentee" must be different speakers', 400, 'invalid-field', { field: 'mentee' });
  return { [speakerKey(mentor)]: 'mentor', [speakerKey(mentee)]: 'mentee' };
}

/** Stored summary, trends and alerts, plus the time-based alert computed now. */
async function storedMetrics(app: FastifyInstance, dyad: DyadRow) {
  const stored = await getDyadMetrics(app.pool, dyad.id);
  const settings = await programAlertSettings(app.pool, dyad.programId);
  const timeAlert = stored?.latest ? noRecentSessionAlert(stored.latest, settings.noSessionWeeks, new Date()) : null;
  // Stored JSON has the shapes of computeDyadMetrics / computeTrends / computeAlerts (validated by the response schema).
  return {
    summary: (stored?.summary ?? computeDyadMetrics([])) as ReturnType<typeof computeDyadMetrics>,
    trends: (stored?.trends ?? computeTrends([])) as ReturnType<typeof computeTrends>,
    alerts: [...((stored?.alerts ?? []) as unknown as Alert[]), ...(timeAlert ? [timeAlert] : [])],
  };
}

const isKeyCursor = (v: unknown): v is { key: string } => typeof v === 'object' && v !== null && typeof (v as { key: unknown }).key === 'string';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/v1/dyads', {
    ...access('GET /api/v1/dyads'),
    schema: { tags: ['dyads'], summary: 'List dyads (by key order, cursor-paginated), or find one by its key', querystring: DyadListQuery, response: { 200: DyadList, ...problemResponses } },
  }, async (request) => {
    const { key, cursor, limit } = request.query;
    const scope = scopeOf(request);
    if (key !== undefined) return { items: (await findDyadsByKey(app.pool, key, scope)).map(dyadView), nextCursor: null };
    const after = decodeCursor(cursor, isKeyCursor);
    const rows = await listDyads(app.pool, { programId: scope, ...(after ? { after: after.key } : {}), limit: limit + 1 });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return { items: page.map(dyadView), nextCursor: rows.length > limit && last ? encodeCursor({ key: last.key }) : null };
  });

  app.post('/api/v1/dyads', {
    ...access('POST /api/v1/dyads'),
    schema: { tags: ['dyads'], summary: 'Create a dyad (uploads also create dyads on first use)', body: DyadCreate, response: { 201: DyadView, ...problemResponses, 409: Problem } },
  }, async (request, reply) => {
    const programId = await targetProgram(app, request, request.body.program);
    const roles = roleMapping(request.body.mentor, request.body.mentee);
    const created = await withTransaction(app.pool, async (client) => {
      if ((await findDyadsByKey(client, request.body.key, programId)).length) {
        throw new DomainError(`a dyad with key "${request.body.key}" exists in this program`, 409, 'conflict', { field: 'key' });
      }
      const d = await findOrCreateDyad(client, programId, request.body.key);
      return (await updateDyad(client, d.id, programId, { ...(request.body.label ? { label: request.body.label } : {}), ...(roles ? { speakerRoles: roles } : {}) }))!;
    });
    await record(app, request, { programId, action: 'create', objectType: 'dyad', objectId: created.id });
    reply.code(201);
    return dyadView(created);
  });

  app.get('/api/v1/dyads/:id', {
    ...access('GET /api/v1/dyads/:id'),
    schema: { tags: ['dyads'], summary: 'One dyad', params: IdParams, response: { 200: DyadView, ...problemResponses } },
  }, async (request) => dyadView(await dyadInScope(app, request, request.params.id)));

  app.patch('/api/v1/dyads/:id', {
    ...access('PATCH /api/v1/dyads/:id'),
    schema: {
      tags: ['dyads'],
      summary: 'Rename (key, label), archive or unarchive a dyad, or replace its remembered role mapping',
      params: IdParams,
      body: DyadPatch,
      response: { 200: DyadView, ...problemResponses, 409: Problem },
    },
  }, async (request) => {
    const dyad = await dyadInScope(app, request, request.params.id);
    const b = request.body;
    const roles = roleMapping(b.mentor, b.mentee);
    if (b.key && b.key !== dyad.key && (await findDyadsByKey(app.pool, b.key, dyad.programId)).length) {
      throw new DomainError(`a dyad with key "${b.key}" exists in this program`, 409, 'conflict', { field: 'key' });
    }
    const updated = await updateDyad(app.pool, dyad.id, scopeOf(request), {
      ...(b.key ? { key: b.key } : {}),
      ...(b.label !== undefined ? { label: b.label } : {}),
      ...(b.archived !== undefined ? { archived: b.archived } : {}),
      ...(roles ? { speakerRoles: roles } : {}),
    });
    await record(app, request, { programId: dyad.programId, action: 'update', objectType: 'dyad', objectId: dyad.id, detail: { fields: Object.keys(b) } });
    return dyadView(updated!);
  });

  app.delete('/api/v1/dyads/:id', {
    ...access('DELETE /api/v1/dyads/:id'),
    schema: {
      tags: ['dyads'],
      summary: 'Delete a dyad and everything about it (consent withdrawal)',
      description: 'Removes the dyad, its uploads, utterances, tags and metrics in one transaction. An audit record (who, when, what kind, counts) remains; no content.',
      params: IdParams,
      response: { 204: Type.Null(), ...problemResponses },
    },
  }, async (request, reply) => {
    const dyad = await dyadInScope(app, request, request.params.id);
    await withTransaction(app.pool, async (client) => {
      const { rows } = await client.query<{ sessions: number; utterances: number }>(
        `select count(distinct t.id)::int as sessions, count(u.turn)::int as utterances
         from transcripts t left join utterances u on u.transcript_id = t.id where t.dyad_id = $1`,
        [dyad.id],
      );
      await deleteDyad(client, dyad.id);
      await audit(client, auditFor(request, { programId: dyad.programId, action: 'delete', objectType: 'dyad', objectId: dyad.id, detail: rows[0]! }));
    });
    return reply.code(204).send(null);
  });

  app.get('/api/v1/dyads/:id/sessions', {
    ...access('GET /api/v1/dyads/:id/sessions'),
    schema: { tags: ['dyads'], summary: "A dyad's sessions (one transcript each) in date order", params: IdParams, response: { 200: Type.Object({ items: Type.Array(SessionView) }), ...problemResponses } },
  }, async (request) => {
    const dyad = await dyadInScope(app, request, request.params.id);
    const sessions = await listDyadSessions(app.pool, dyad.id);
    return { items: sessions.map((s) => ({ id: s.transcriptId, sessionDate: s.sessionDate, status: s.status as 'queued', filename: s.filename, taggerVersion: s.taggerVersion })) };
  });

  app.get('/api/v1/dyads/:id/metrics', {
    ...access('GET /api/v1/dyads/:id/metrics'),
    schema: {
      tags: ['dyads'],
      summary: "A dyad's sessions with their metrics, the dyad summary, trends and alerts",
      description:
        'Indicators side by side, never a single score: the study behind them is exploratory (9 dyads). Every rate ' +
        'carries its numerator, denominator, Wilson 95 % interval and a lowCount flag (denominator under 5).',
      params: IdParams,
      response: { 200: DyadMetricsView, ...problemResponses },
    },
  }, async (request) => {
    const dyad = await dyadInScope(app, request, request.params.id);
    const [sessions, stored] = await Promise.all([listDyadSessions(app.pool, dyad.id), storedMetrics(app, dyad)]);
    return {
      dyad: dyadView(dyad),
      sessions: sessions.map((s) => ({
        transcriptId: s.transcriptId,
        sessionDate: s.sessionDate,
        status: s.status as 'queued' | 'processing' | 'done' | 'failed',
        filename: s.filename,
        taggerVersion: s.taggerVersion,
        metrics: s.metrics,
      })),
      ...stored,
    };
  });

  app.get('/api/v1/dyads/:id/trends', {
    ...access('GET /api/v1/dyads/:id/trends'),
    schema: { tags: ['dyads'], summary: "A dyad's trends over its sessions, with the points behind each slope, and its alerts", params: IdParams, response: { 200: TrendsView, ...problemResponses } },
  }, async (request) => {
    const dyad = await dyadInScope(app, request, request.params.id);
    const { trends, alerts } = await storedMetrics(app, dyad);
    return { dyadId: dyad.id, trends, alerts };
  });
};


export default routes;
