/**
 * Table-driven authorization over every route in the OpenAPI document: a route without a rule here fails, each
 * role is refused (403) exactly where the matrix says, and keys never see another program's objects (404).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, startStack, upload, waitForTranscript, fixture, type TestStack } from '../helpers/app.js';

type Role = 'admin' | 'researcher' | 'staff' | 'integration';
const ALL: Role[] = ['admin', 'researcher', 'staff', 'integration'];
const WRITE: Role[] = ['admin', 'researcher', 'integration'];

// Our own statement of who may do what (deliberately not imported from the code it checks).
const MATRIX: Record<string, Role[] | 'public'> = {
  'GET /health': 'public',
  'GET /metrics': ['admin', 'integration'],
  'GET /api/v1/programs/{id}/export/utterances.csv': ['admin', 'researcher'],
  'GET /api/v1/programs/{id}/export/sessions.csv': ['admin', 'researcher'],
  'GET /api/v1/programs/{id}/export/dyads.csv': ['admin', 'researcher'],
  'GET /api/v1/programs/{id}/export/utterances.jsonl': ['admin', 'researcher'],
  'GET /api/v1/programs/{id}/export/sessions.jsonl': ['admin', 'researcher'],
  'GET /api/v1/programs/{id}/export/dyads.jsonl': ['admin', 'researcher'],
  'GET /api/v1/programs/{id}/export/utterances.parquet': ['admin', 'researcher'],
  'GET /api/v1/programs/{id}/export/sessions.parquet': ['admin', 'researcher'],
  'GET /api/v1/programs/{id}/export/dyads.parquet': ['admin', 'researcher'],
  'POST /api/v1/programs/{id}/human-codes': ['admin', 'researcher'],
  'GET /api/v1/programs/{id}/agreement': ['admin', 'researcher'],
  'GET /api/v1/export/dictionary.csv': ALL,
  'GET /api/v1/export/dyadic.R': ALL,
  'GET /api/v1/export/dyadic.sps': ALL,
  'GET /api/v1/programs': ALL,
  'POST /api/v1/programs': ['admin'],
  'GET /api/v1/programs/{id}': ALL,
  'PATCH /api/v1/programs/{id}': ['admin'],
  'GET /api/v1/programs/{id}/overview': ALL,
  'GET /api/v1/programs/{id}/codebooks': ['admin', 'researcher'],
  'POST /api/v1/programs/{id}/codebooks': ['admin'],
  'PUT /api/v1/programs/{id}/codebooks/active': ['admin'],
  'POST /api/v1/programs/{id}/codebook-runs': ['admin', 'researcher'],
  'GET /api/v1/programs/{id}/codebook-runs/{runId}': ['admin', 'researcher'],
  'GET /api/v1/transcripts/{id}/codes': ['admin', 'researcher'],
  'GET /api/v1/programs/{id}/audit': ['admin'],
  'GET /api/v1/programs/{id}/webhooks': ['admin'],
  'POST /api/v1/programs/{id}/webhooks': ['admin'],
  'DELETE /api/v1/webhooks/{id}': ['admin'],
  'GET /api/v1/webhooks/{id}/deliveries': ['admin'],
  'GET /api/v1/keys': ['admin'],
  'POST /api/v1/keys': ['admin'],
  'DELETE /api/v1/keys/{id}': ['admin'],
  'GET /api/v1/dyads': ALL,
  'POST /api/v1/dyads': WRITE,
  'GET /api/v1/dyads/{id}': ALL,
  'PATCH /api/v1/dyads/{id}': WRITE,
  'DELETE /api/v1/dyads/{id}': ['admin'],
  'GET /api/v1/dyads/{id}/sessions': ALL,
  'GET /api/v1/dyads/{id}/metrics': ALL,
  'GET /api/v1/dyads/{id}/trends': ALL,
  'POST /api/v1/transcripts': WRITE,
  'POST /api/v1/transcripts/batch': WRITE,
  'GET /api/v1/transcripts/{id}': ALL,
  'PUT /api/v1/transcripts/{id}/file': WRITE,
  'DELETE /api/v1/transcripts/{id}': ['admin', 'researcher'],
  'GET /api/v1/transcripts/{id}/utterances': ['admin', 'researcher', 'staff'],
};

let stack: TestStack;
const keys = {} as Record<Role, string>;
let routes: Array<{ method: string; path: string }> = [];

beforeAll(async () => {
  stack = await startStack({ queue: 'redis', env: { DYADIC_RATE_LIMIT: '100000' } });
  keys.admin = stack.adminKey; // an admin of every program
  for (const role of ['researcher', 'staff', 'integration'] as const) keys[role] = await stack.key(role);
  const doc = (await getJson(stack, null, '/docs/json')).body;
  routes = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
    Object.keys(ops).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m)).map((m) => ({ method: m.toUpperCase(), path })),
  );
});
afterAll(async () => {
  await stack?.close();
});

describe('every documented route', () => {
  it('has a rule in the matrix, and every rule has a route', () => {
    const documented = routes.map((r) => `${r.method} ${r.path}`).sort();
    expect(documented).toEqual(Object.keys(MATRIX).sort());
  });

  it('refuses exactly the roles the matrix excludes, and needs a key unless public', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const failures: string[] = [];
    for (const { method, path } of routes) {
      const rule = MATRIX[`${method} ${path}`]!;
      const url = stack.baseUrl + path.replace(/\{id\}/g, missing);
      const anonymous = await fetch(url, { method });
      if (rule === 'public') {
        if (anonymous.status === 401 || anonymous.status === 403) failures.push(`${method} ${path}: public route answered ${anonymous.status}`);
        continue;
      }
      if (anonymous.status !== 401) failures.push(`${method} ${path}: no key → ${anonymous.status}, expected 401`);
      for (const role of ALL) {
        const res = await fetch(url, { method, headers: { authorization: `Bearer ${keys[role]}`, 'content-type': 'application/json' }, ...(method === 'GET' || method === 'DELETE' ? {} : { body: '{}' }) });
        await res.arrayBuffer();
        const allowed = rule.includes(role);
        if (allowed && (res.status === 403 || res.status === 401)) failures.push(`${method} ${path}: ${role} refused (${res.status})`);
        if (!allowed && res.status !== 403) failures.push(`${method} ${path}: ${role} got ${res.status}, expected 403`);
      }
    }
    expect(failures).toEqual([]);
  }, 60_000);
});

describe('program scoping', () => {
  it('answers 404 (not 403) for objects of another program', async () => {
    const res = await upload(stack, stack.adminKey, { name: 's1.txt', data: await fixture('dyad-07/session-1.txt') }, { dyad: 'scoped', sessionDate: '2026-01-05' });
    expect(res.status).toBe(202);
    await waitForTranscript(stack, stack.adminKey, res.body.id);
    // A second program with its own researcher.
    const created = await fetch(`${stack.baseUrl}/api/v1/programs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ slug: 'other-program', name: 'Other' }),
    });
    expect(created.status).toBe(201);
    const other = (await created.json()) as { id: string };
    const otherKey = await stack.key('researcher', other.id);
    for (const path of [`/api/v1/transcripts/${res.body.id}`, `/api/v1/transcripts/${res.body.id}/utterances`, `/api/v1/dyads/${res.body.dyadId}`, `/api/v1/dyads/${res.body.dyadId}/metrics`]) {
      const seen = await getJson(stack, otherKey, path);
      expect(seen.status, path).toBe(404);
      expect(seen.body.type).toBe('/problems/not-found');
      expect((await getJson(stack, keys.researcher, path)).status, path).toBe(200);
    }
    expect((await getJson(stack, otherKey, '/api/v1/dyads?key=scoped')).body.items).toEqual([]);
    const programs = (await getJson(stack, otherKey, '/api/v1/programs')).body.items;
    expect(programs.map((p: { slug: string }) => p.slug)).toEqual(['other-program']);
  });

  it('gives staff only the evidence utterances and logs every read of transcript text', async () => {
    const dyad = (await getJson(stack, keys.staff, '/api/v1/dyads?key=scoped')).body.items[0];
    const sessions = (await getJson(stack, keys.staff, `/api/v1/dyads/${dyad.id}/sessions`)).body.items;
    const full = await getJson(stack, keys.researcher, `/api/v1/transcripts/${sessions[0].id}/utterances`);
    const staff = await getJson(stack, keys.staff, `/api/v1/transcripts/${sessions[0].id}/utterances`);
    expect(full.body.scope).toBe('all');
    expect(staff.body.scope).toBe('evidence');
    expect(full.body.utterances).toHaveLength(9);
    expect(staff.body.utterances.length).toBeLessThan(9);
    expect(staff.body.utterances.length).toBeGreaterThan(0);
    // The opening greeting answers no disclosure and carries no tag: not evidence.
    expect(staff.body.utterances.some((u: { text: string }) => u.text.startsWith('Hi Jordan'))).toBe(false);
    // Every turn staff see is tagged or is the turn that answers / reciprocates a tagged one.
    const linked = new Set<number>();
    for (const u of full.body.utterances) {
      if (u.detail.mentorResponse?.turn !== undefined) linked.add(u.detail.mentorResponse.turn);
      if (u.detail.reciprocates) linked.add(u.detail.reciprocates.turn);
    }
    for (const u of staff.body.utterances) expect(Object.values(u.tags).some(Boolean) || linked.has(u.turn), u.text).toBe(true);
    const { rows } = await stack.db.pool.query("select count(*)::int as n from audit_log where action = 'read_text' and object_id = $1", [sessions[0].id]);
    expect(rows[0].n).toBeGreaterThanOrEqual(2);
    const { rows: content } = await stack.db.pool.query("select detail::text as d from audit_log");
    expect(content.every((r: { d: string }) => !r.d.includes('nervous'))).toBe(true);
  });
});
