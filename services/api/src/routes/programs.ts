import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { randomBytes } from 'node:crypto';
import { DomainError } from '@dyadic/domain';
import {
  createProgram,
  createWebhook,
  deleteWebhook,
  getWebhook,
  listAudit,
  listDeliveries,
  listPrograms,
  listWebhooks,
  programAlertSettings,
  programDyadIds,
  programOverview,
  recomputeDyadMetrics,
  updateProgram,
  withTransaction,
  type OverviewSort,
} from '@dyadic/db';
import { noRecentSessionAlert } from '@dyadic/metrics';
import { access } from '../access.js';
import { IdParams, Problem, problemResponses } from '../schemas/common.js';
import { AuditView, DeliveryView, Overview, OverviewQuery, ProgramCreate, ProgramPatch, ProgramView, WebhookCreate, WebhookView } from '../schemas/programs.js';
import { decodeCursor, encodeCursor, iso, notFound, programInScope, record, scopeOf } from './scope.js';

const WEEK_MS = 7 * 24 * 3600 * 1000;

function programView(p: { id: string; slug: string; name: string; settings: Record<string, unknown>; createdAt: string }) {
  return { id: p.id, slug: p.slug, name: p.name, settings: p.settings, createdAt: iso(p.createdAt)! };
}

const isCursor = (v: unknown): v is { v: string; id: string } =>
  typeof v === 'object' && v !== null && typeof (v as { v: unknown }).v === 'string' && typeof (v as { id: unknown }).id === 'string';

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/v1/programs', {
    ...access('GET /api/v1/programs'),
    schema: { tags: ['programs'], summary: 'Programs this key can see', response: { 200: Type.Object({ items: Type.Array(ProgramView) }), ...problemResponses } },
  }, async (request) => ({ items: (await listPrograms(app.pool, scopeOf(request))).map(programView) }));

  app.post('/api/v1/programs', {
    ...access('POST /api/v1/programs'),
    schema: { tags: ['programs'], summary: 'Create a program (admin keys of every program only)', body: ProgramCreate, response: { 201: ProgramView, ...problemResponses, 409: Problem } },
  }, async (request, reply) => {
    if (scopeOf(request)) throw new DomainError('only an admin key for every program can create programs', 403, 'forbidden');
    const p = await createProgram(app.pool, request.body);
    if (!p) throw new DomainError(`a program with slug "${request.body.slug}" exists`, 409, 'conflict', { field: 'slug' });
    await record(app, request, { programId: p.id, action: 'create', objectType: 'program', objectId: p.id });
    reply.code(201);
    return programView(p);
  });

  app.get('/api/v1/programs/:id', {
    ...access('GET /api/v1/programs/:id'),
    schema: { tags: ['programs'], summary: 'One program with its settings', params: IdParams, response: { 200: ProgramView, ...problemResponses } },
  }, async (request) => programView(await programInScope(app, request, request.params.id)));

  app.patch('/api/v1/programs/:id', {
    ...access('PATCH /api/v1/programs/:id'),
    schema: {
      tags: ['programs'],
      summary: 'Rename a program or change its settings (alert thresholds)',
      description: 'Settings are merged into the existing ones. Changing alert thresholds recomputes every dyad\'s stored alerts.',
      params: IdParams,
      body: ProgramPatch,
      response: { 200: ProgramView, ...problemResponses },
    },
  }, async (request) => {
    const p = await programInScope(app, request, request.params.id);
    const current = (p.settings ?? {}) as { alerts?: Record<string, unknown> };
    const settings = request.body.settings
      ? { ...request.body.settings, ...(request.body.settings.alerts ? { alerts: { ...(current.alerts ?? {}), ...request.body.settings.alerts } } : {}) }
      : undefined;
    const updated = await withTransaction(app.pool, async (client) => {
      const u = await updateProgram(client, p.id, { ...(request.body.name ? { name: request.body.name } : {}), ...(settings ? { settings } : {}) });
      if (settings?.alerts) for (const dyadId of await programDyadIds(client, p.id)) await recomputeDyadMetrics(client, dyadId);
      return u!;
    });
    await record(app, request, { programId: p.id, action: 'update', objectType: 'program', objectId: p.id, detail: { fields: Object.keys(request.body) } });
    return programView(updated);
  });

  app.get('/api/v1/programs/:id/overview', {
    ...access('GET /api/v1/programs/:id/overview'),
    schema: {
      tags: ['programs'],
      summary: 'Every dyad of a program with its latest metrics, trend directions and alerts',
      description:
        'Sortable (`sort`, `order`), filterable (`q`, `archived`, `hasAlerts`, `alert`) and cursor-paginated: pass `nextCursor` as ' +
        '`cursor` for the next page; pages stay stable while dyads are added. Indicators are shown side by side; there is no overall score.',
      params: IdParams,
      querystring: OverviewQuery,
      response: { 200: Overview, ...problemResponses },
    },
  }, async (request) => {
    const program = await programInScope(app, request, request.params.id);
    const q = request.query;
    const settings = await programAlertSettings(app.pool, program.id);
    const now = new Date();
    const stale = settings.noSessionWeeks > 0 ? new Date(now.getTime() - settings.noSessionWeeks * WEEK_MS).toISOString().slice(0, 10) : undefined;
    const after = decodeCursor(q.cursor, isCursor);
    // With the "no call for N weeks" alert turned off, no dyad can have it.
    if (q.alert === 'no_recent_session' && !stale) return { programId: program.id, items: [], nextCursor: null };
    const rows = await programOverview(app.pool, {
      programId: program.id,
      sort: q.sort as OverviewSort,
      order: q.order,
      limit: q.limit + 1,
      archived: q.archived ?? false,
      ...(q.q ? { search: q.q } : {}),
      ...(q.alert === 'no_recent_session' ? { lastSessionBefore: stale! } : q.alert ? { alert: q.alert } : {}),
      ...(q.hasAlerts !== undefined && q.alert === undefined ? { hasAlerts: q.hasAlerts } : {}),
      ...(after ? { after } : {}),
    });
    const page = rows.slice(0, q.limit);
    const last = page.at(-1);
    return {
      programId: program.id,
      items: page.map((r) => {
        const latest = r.latest as { sessionId?: string; sessionDate?: string } | null;
        const timeAlert = latest?.sessionId && r.lastSessionDate ? noRecentSessionAlert({ sessionId: latest.sessionId, sessionDate: r.lastSessionDate }, settings.noSessionWeeks, now) : null;
        return {
          id: r.id,
          key: r.key,
          label: r.label,
          archived: r.archivedAt !== null,
          sessions: r.sessionCount ?? 0,
          processedSessions: r.processedCount ?? 0,
          lastSessionDate: r.lastSessionDate,
          latest: r.latest,
          trends: (r.trends ?? {}) as Record<string, { slope: number | null; direction: 'rising' | 'falling' | 'flat' | null; insufficientSessions: boolean; n: number; points?: Array<number | null> }>,
          alerts: [...((r.alerts ?? []) as Array<{ code: string; severity: string; message: string }>), ...(timeAlert ? [timeAlert] : [])],
        };
      }),
      nextCursor: rows.length > q.limit && last ? encodeCursor({ v: last.sortValue, id: last.id }) : null,
    };
  });

  app.get('/api/v1/programs/:id/audit', {
    ...access('GET /api/v1/programs/:id/audit'),
    schema: {
      tags: ['programs'],
      summary: 'Audit log: who read transcript text, exported, changed or deleted what (never any content)',
      params: IdParams,
      querystring: Type.Object({ before: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })), limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) }),
      response: { 200: Type.Object({ items: Type.Array(AuditView), nextBefore: Type.Union([Type.String(), Type.Null()]) }), ...problemResponses },
    },
  }, async (request) => {
    const p = await programInScope(app, request, request.params.id);
    const rows = await listAudit(app.pool, { programId: p.id, limit: request.query.limit, ...(request.query.before ? { before: request.query.before } : {}) });
    return {
      items: rows.map((r) => ({ ...r, at: iso(r.at)! })),
      nextBefore: rows.length === request.query.limit ? rows.at(-1)!.id : null,
    };
  });

  app.get('/api/v1/programs/:id/webhooks', {
    ...access('GET /api/v1/programs/:id/webhooks'),
    schema: { tags: ['webhooks'], summary: "A program's webhooks", params: IdParams, response: { 200: Type.Object({ items: Type.Array(WebhookView) }), ...problemResponses } },
  }, async (request) => {
    const p = await programInScope(app, request, request.params.id);
    return { items: (await listWebhooks(app.pool, p.id)).map((w) => ({ ...w, createdAt: iso(w.createdAt)! })) };
  });

  app.post('/api/v1/programs/:id/webhooks', {
    ...access('POST /api/v1/programs/:id/webhooks'),
    schema: {
      tags: ['webhooks'],
      summary: 'Subscribe a URL to events (transcript.done, transcript.failed, dyad.alert)',
      description:
        'Deliveries are POSTed as JSON `{id, event, createdAt, data}` with `x-dyadic-signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`, ' +
        'retried through the queue with exponential backoff (6 tries over ~5 minutes) until a 2xx answer. The secret is returned once, here.',
      params: IdParams,
      body: WebhookCreate,
      response: { 201: WebhookView, ...problemResponses },
    },
  }, async (request, reply) => {
    const p = await programInScope(app, request, request.params.id);
    const secret = `whsec_${randomBytes(24).toString('base64url')}`;
    const w = await createWebhook(app.pool, { programId: p.id, url: request.body.url, secret, events: request.body.events });
    await record(app, request, { programId: p.id, action: 'create', objectType: 'webhook', objectId: w.id });
    reply.code(201);
    return { ...w, createdAt: iso(w.createdAt)!, secret };
  });

  app.delete('/api/v1/webhooks/:id', {
    ...access('DELETE /api/v1/webhooks/:id'),
    schema: { tags: ['webhooks'], summary: 'Remove a webhook and its delivery log', params: IdParams, response: { 204: Type.Null(), ...problemResponses } },
  }, async (request, reply) => {
    const w = await getWebhook(app.pool, request.params.id, scopeOf(request));
    if (!w) throw notFound('webhook');
    await deleteWebhook(app.pool, w.id);
    await record(app, request, { programId: w.programId, action: 'delete', objectType: 'webhook', objectId: w.id });
    return reply.code(204).send(null);
  });

  app.get('/api/v1/webhooks/:id/deliveries', {
    ...access('GET /api/v1/webhooks/:id/deliveries'),
    schema: {
      tags: ['webhooks'],
      summary: 'Delivery log of a webhook, newest first',
      params: IdParams,
      querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }) }),
      response: { 200: Type.Object({ items: Type.Array(DeliveryView) }), ...problemResponses },
    },
  }, async (request) => {
    const w = await getWebhook(app.pool, request.params.id, scopeOf(request));
    if (!w) throw notFound('webhook');
    const rows = await listDeliveries(app.pool, w.id, request.query.limit);
    return { items: rows.map((d) => ({ ...d, status: d.status as 'pending' | 'delivered' | 'failed', createdAt: iso(d.createdAt)!, deliveredAt: iso(d.deliveredAt) })) };
  });
};

export default routes;
