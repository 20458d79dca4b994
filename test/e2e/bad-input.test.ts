/**
 * Bad uploads get 4xx problem+json naming the field or file and reason, and leave nothing stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, startStack, upload, type TestStack } from '../helpers/app.js';

let stack: TestStack;
beforeAll(async () => {
  // A 64 KB limit keeps the "file over the limit" case small.
  stack = await startStack({ queue: 'redis', worker: false, env: { DYADIC_MAX_UPLOAD_MB: '0.0625' } });
});
afterAll(async () => {
  await stack?.close();
});

async function nothingStored() {
  const { rows } = await stack.db.pool.query(
    "select (select count(*) from transcripts)::int as t, (select count(*) from uploads)::int as u, (select count(*) from dyads)::int as d",
  );
  expect(rows[0]).toEqual({ t: 0, u: 0, d: 0 });
  expect(await stack.queue.getJobCounts('waiting', 'delayed', 'active')).toEqual({ waiting: 0, delayed: 0, active: 0 });
}

const good = 'Mentor: How are you?\nMentee: I am tired. I worked all day.\n';
const fields = { dyad: 'dyad-01', sessionDate: '2026-03-04' };

const cases: Array<{ name: string; file: { name: string; data: Buffer | string } | null; fields: Record<string, string>; status: number; type: string; detail: RegExp; field?: string }> = [
  { name: 'empty file', file: { name: 'empty.txt', data: '' }, fields, status: 400, type: 'empty-file', detail: /empty\.txt: the file is empty/ },
  { name: 'no file part', file: null, fields, status: 400, type: 'invalid-field', detail: /missing the "file" part/, field: 'file' },
  { name: 'missing dyad', file: { name: 's.txt', data: good }, fields: { sessionDate: '2026-03-04' }, status: 400, type: 'invalid-field', detail: /missing field "dyad"/, field: 'dyad' },
  { name: 'bad date', file: { name: 's.txt', data: good }, fields: { dyad: 'd1', sessionDate: '2026-02-30' }, status: 400, type: 'invalid-field', detail: /not a valid ISO date/, field: 'sessionDate' },
  { name: 'date in another format', file: { name: 's.txt', data: good }, fields: { dyad: 'd1', sessionDate: '03/04/2026' }, status: 400, type: 'invalid-field', detail: /sessionDate/, field: 'sessionDate' },
  { name: 'unknown field', file: { name: 's.txt', data: good }, fields: { ...fields, colour: 'red' }, status: 400, type: 'invalid-field', detail: /unknown field "colour"/, field: 'colour' },
  { name: 'binary garbage', file: { name: 'x.bin', data: Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919 + 13) % 256)) }, fields, status: 422, type: 'unparseable-transcript', detail: /x\.bin/ },
  { name: 'no speakers', file: { name: 'notes.txt', data: 'We talked about school.\nIt went fine.\n' }, fields, status: 422, type: 'unparseable-transcript', detail: /notes\.txt/ },
  { name: 'mentor not in file', file: { name: 's.txt', data: good }, fields: { ...fields, mentor: 'Alex', mentee: 'Mentee' }, status: 422, type: 'speaker-roles-needed', detail: /Alex/ },
  { name: 'file over the limit', file: { name: 'big.txt', data: 'Mentor: hello there\n'.repeat(5000) }, fields, status: 413, type: 'upload-too-large', detail: /./ },
];

describe('bad uploads', () => {
  for (const c of cases) {
    it(`${c.name} → ${c.status} ${c.type}`, async () => {
      const res = await upload(stack, stack.adminKey, c.file, c.fields);
      expect(res.status, JSON.stringify(res.body)).toBe(c.status);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body.type).toBe(`/problems/${c.type}`);
      expect(res.body.status).toBe(c.status);
      expect(res.body.title).toEqual(expect.any(String));
      expect(res.body.detail).toMatch(c.detail);
      if (c.field) expect(res.body.field).toBe(c.field);
      if (c.file && c.status === 422) expect(res.body.file).toBe(c.file.name);
      await nothingStored();
    });
  }

  it('names the line of a parse error', async () => {
    const vtt = 'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Mentor>Hi there\n\n00:00:04.000 --> oops\n<v Mentee>Hi\n';
    const res = await upload(stack, stack.adminKey, { name: 'broken.vtt', data: vtt }, fields);
    expect(res.status).toBe(422);
    expect(res.body.line).toEqual(expect.any(Number));
    expect(res.body.format).toBe('vtt');
    await nothingStored();
  });

  it('refuses a request that is not multipart', async () => {
    const res = await fetch(`${stack.baseUrl}/api/v1/transcripts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ dyad: 'x' }),
    });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { type: string }).type).toMatch(/^\/problems\//);
  });
});

describe('authentication', () => {
  it('needs a key on API routes but not on /health', async () => {
    const none = await getJson(stack, null, '/api/v1/dyads');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(none.body.type).toBe('/problems/unauthorized');
    const wrong = await getJson(stack, 'dyk_AAAAAAAA_notarealkeynotarealkeynotarealkey', '/api/v1/dyads');
    expect(wrong.status).toBe(401);
    const health = await getJson(stack, null, '/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok', checks: { database: true, queue: true } });
  });

  it('lets a staff key read but not upload', async () => {
    const staff = await stack.key('staff');
    expect((await getJson(stack, staff, '/api/v1/dyads')).status).toBe(200);
    const res = await upload(stack, staff, { name: 's.txt', data: good }, fields);
    expect(res.status).toBe(403);
    expect(res.body.type).toBe('/problems/forbidden');
    await nothingStored();
  });

  it('stores keys hashed, never in clear', async () => {
    const key = await stack.key('researcher');
    const { rows } = await stack.db.pool.query('select key_hash, prefix from api_keys');
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const r of rows) {
      expect(r.key_hash).toMatch(/^scrypt\$/);
      expect(r.key_hash).not.toContain(key);
    }
  });

  it('answers 404 problem+json for unknown objects and routes', async () => {
    const missing = await getJson(stack, stack.adminKey, '/api/v1/transcripts/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.type).toBe('/problems/not-found');
    const badId = await getJson(stack, stack.adminKey, '/api/v1/transcripts/not-a-uuid');
    expect(badId.status).toBe(400);
    expect(badId.body.type).toBe('/problems/validation');
    const route = await getJson(stack, stack.adminKey, '/api/v1/nothing-here');
    expect(route.status).toBe(404);
  });

  it('serves the OpenAPI document', async () => {
    const doc = await getJson(stack, null, '/docs/json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/health', '/api/v1/transcripts', '/api/v1/transcripts/{id}', '/api/v1/transcripts/{id}/utterances', '/api/v1/dyads', '/api/v1/dyads/{id}/metrics']),
    );
    expect(doc.body.paths['/api/v1/transcripts'].post.requestBody.content['multipart/form-data']).toBeDefined();
    // Metrics responses are described field by field, down to each rate's numerator and denominator.
    const metrics = doc.body.paths['/api/v1/dyads/{id}/metrics'].get.responses['200'].content['application/json'].schema;
    const reciprocation = metrics.properties.summary.properties.pooled.properties.reciprocationRate;
    expect(Object.keys(reciprocation.properties).sort()).toEqual(['ci95', 'den', 'lowCount', 'num', 'value']);
  });
});
