/**
 * Programs, dyads, sessions, overview, trends, webhooks and operations routes against the real stack.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueue, jobIdFor, verifyWebhook } from '@dyadic/jobs';
import { findOrCreateDyad, insertTranscriptWithUpload } from '@dyadic/db';
import { CODEBOOK_VERSION } from '@dyadic/tagging';
import { fixture, getJson, startStack, upload, sendJson, waitForTranscript, type TestStack } from '../helpers/app.js';

let stack: TestStack;
let programId: string;

const send = (method: string, path: string, body?: unknown, key = stack.adminKey) => sendJson(stack, key, method, path, body);

async function uploadSession(dyad: string, date: string, n: 1 | 2 | 3) {
  const res = await upload(stack, stack.adminKey, { name: `s${n}.txt`, data: await fixture(`dyad-07/session-${n}.txt`) }, { dyad, sessionDate: date, program: 'api-test' });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body.id as string;
}

beforeAll(async () => {
  stack = await startStack({ queue: 'redis', env: { DYADIC_RATE_LIMIT: '100000' } });
  const p = await send('POST', '/api/v1/programs', { slug: 'api-test', name: 'API test program', settings: { alerts: { noSessionWeeks: 2 } } });
  expect(p.status).toBe(201);
  programId = p.body.id;
});
afterAll(async () => {
  await stack?.close();
});

describe('dyads, sessions and trends', () => {
  let dyadId: string;
  const ids: string[] = [];

  it('creates, renames and archives a dyad, remembering roles', async () => {
    const c = await send('POST', '/api/v1/dyads', { key: 'pair-1', label: 'Sam & Jordan', mentor: 'Sam', mentee: 'Jordan', program: 'api-test' });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect(c.body).toMatchObject({ key: 'pair-1', label: 'Sam & Jordan', archived: false, programId });
    expect(Object.values(c.body.speakerRoles).sort()).toEqual(['mentee', 'mentor']);
    dyadId = c.body.id;
    expect((await send('POST', '/api/v1/dyads', { key: 'pair-1', program: 'api-test' })).status).toBe(409);
    const renamed = await send('PATCH', `/api/v1/dyads/${dyadId}`, { key: 'dyad-a', label: null });
    expect(renamed.body).toMatchObject({ key: 'dyad-a', label: null });
    expect((await send('PATCH', `/api/v1/dyads/${dyadId}`, { mentor: 'Sam' })).status).toBe(400);
  });

  it('stores per-dyad metrics and trends as sessions are processed', async () => {
    ids.push(await uploadSession('dyad-a', '2026-01-05', 1));
    ids.push(await uploadSession('dyad-a', '2026-01-12', 2));
    for (const id of ids) expect((await waitForTranscript(stack, stack.adminKey, id)).status).toBe('done');
    let t = await getJson(stack, stack.adminKey, `/api/v1/dyads/${dyadId}/trends`);
    expect(t.body.trends.reciprocationRate.insufficientSessions).toBe(true);
    expect(t.body.trends.reciprocationRate.slope).toBeNull();
    ids.push(await uploadSession('dyad-a', '2026-01-19', 3));
    expect((await waitForTranscript(stack, stack.adminKey, ids[2]!)).status).toBe('done');
    t = await getJson(stack, stack.adminKey, `/api/v1/dyads/${dyadId}/trends`);
    const sd = t.body.trends['sdRatePer100.dyad'];
    expect(sd.insufficientSessions).toBe(false);
    expect(sd.points).toHaveLength(3);
    // The stored slope is the OLS slope of the stored session values (x = 0, 1, 2).
    const ys = sd.points.map((p: { value: number }) => p.value);
    const mean = (ys[0] + ys[1] + ys[2]) / 3;
    expect(sd.slope).toBeCloseTo(((0 - 1) * (ys[0] - mean) + (2 - 1) * (ys[2] - mean)) / 2, 9);
    const m = await getJson(stack, stack.adminKey, `/api/v1/dyads/${dyadId}/metrics`);
    expect(m.body.summary.sessions).toBe(3);
    expect(m.body.summary.pooledCounts.utterances.total).toBe(27);
    const sessions = await getJson(stack, stack.adminKey, `/api/v1/dyads/${dyadId}/sessions`);
    expect(sessions.body.items.map((s: { sessionDate: string }) => s.sessionDate)).toEqual(['2026-01-05', '2026-01-12', '2026-01-19']);
  });

  it('replaces a session transcript and reprocesses it', async () => {
    const form = new FormData();
    form.append('file', new Blob(['Mentor: How was the week?\nMentee: I was scared at the dentist.\nMentor: I get scared at the dentist too.\n']), 'fixed.txt');
    const res = await fetch(`${stack.baseUrl}/api/v1/transcripts/${ids[0]}/file`, { method: 'PUT', body: form, headers: { authorization: `Bearer ${stack.adminKey}` } });
    expect(res.status).toBe(202);
    const t = await waitForTranscript(stack, stack.adminKey, ids[0]!);
    expect(t).toMatchObject({ status: 'done', utterances: 3, revision: 2, filename: 'fixed.txt' });
    const m = await getJson(stack, stack.adminKey, `/api/v1/dyads/${dyadId}/metrics`);
    expect(m.body.summary.pooledCounts.utterances.total).toBe(21);
  });

  it('deletes a session in one go, recomputes the dyad and keeps an audit record without content', async () => {
    const res = await send('DELETE', `/api/v1/transcripts/${ids[1]}`);
    expect(res.status).toBe(204);
    const { rows } = await stack.db.pool.query(
      `select (select count(*) from transcripts where id = $1)::int as t, (select count(*) from uploads where transcript_id = $1)::int as u,
        (select count(*) from utterances where transcript_id = $1)::int as ut, (select count(*) from session_metrics where transcript_id = $1)::int as m`,
      [ids[1]],
    );
    expect(rows[0]).toEqual({ t: 0, u: 0, ut: 0, m: 0 });
    const m = await getJson(stack, stack.adminKey, `/api/v1/dyads/${dyadId}/metrics`);
    expect(m.body.summary.sessions).toBe(2);
    const audit = await getJson(stack, stack.adminKey, `/api/v1/programs/${programId}/audit`);
    const entry = audit.body.items.find((a: { action: string; objectId: string }) => a.action === 'delete' && a.objectId === ids[1]);
    expect(entry).toMatchObject({ objectType: 'transcript', detail: { utterances: 9 } });
  });
});

describe('PII redaction (program setting)', () => {
  it('stores placeholders instead of other names, phones, e-mails, addresses and birth dates', async () => {
    const p = await send('POST', '/api/v1/programs', { slug: 'redacting', name: 'Redacting program', settings: { redactPii: true } });
    expect(p.status).toBe(201);
    const text = [
      'Sam: Hi Jordan, how was the week?',
      'Jordan: I was happy. My friend Kayla came over to 42 Maple Street.',
      'Sam: Nice! You can text me at 617-555-0142 or write to sam.lee@example.org.',
      'Jordan: I was born on March 3, 2008, so my birthday is soon.',
      '',
    ].join('\n');
    const res = await upload(stack, stack.adminKey, { name: 'pii.txt', data: text }, { dyad: 'pii-dyad', sessionDate: '2026-04-01', mentor: 'Sam', mentee: 'Jordan', program: 'redacting' });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect((await waitForTranscript(stack, stack.adminKey, res.body.id)).status).toBe('done');
    const stored = (await stack.db.pool.query('select convert_from(content, \'UTF8\') as c from uploads where transcript_id = $1', [res.body.id])).rows[0].c as string;
    for (const secret of ['Kayla', '42 Maple Street', '617-555-0142', 'sam.lee@example.org', 'March 3, 2008']) expect(stored).not.toContain(secret);
    const utts = (await getJson(stack, stack.adminKey, `/api/v1/transcripts/${res.body.id}/utterances`)).body.utterances.map((u: { text: string }) => u.text).join('\n');
    for (const secret of ['Kayla', 'Maple', '555-0142', 'example.org', '2008']) expect(utts).not.toContain(secret);
    for (const placeholder of ['[NAME]', '[ADDRESS]', '[PHONE]', '[EMAIL]', '[DOB]']) expect(utts).toContain(placeholder);
    // Words that are not PII stay, and the dyad's own names (the speakers) are kept.
    expect(utts).toContain('I was happy.');
    expect(utts).toContain('Hi Jordan');
  });
});

describe('consent withdrawal', () => {
  it('deletes a dyad with every upload, utterance and metric in one transaction, leaving an audit record', async () => {
    const id = await uploadSession('withdrawn', '2026-02-02', 2);
    expect((await waitForTranscript(stack, stack.adminKey, id)).status).toBe('done');
    const dyadId = (await getJson(stack, stack.adminKey, '/api/v1/dyads?key=withdrawn')).body.items[0].id;
    expect((await send('DELETE', `/api/v1/dyads/${dyadId}`)).status).toBe(204);
    const { rows } = await stack.db.pool.query(
      `select (select count(*) from dyads where id = $1)::int as d, (select count(*) from transcripts where dyad_id = $1)::int as t,
        (select count(*) from uploads where transcript_id = $2)::int as u, (select count(*) from utterances where transcript_id = $2)::int as ut,
        (select count(*) from session_metrics where dyad_id = $1)::int as sm, (select count(*) from dyad_metrics where dyad_id = $1)::int as dm`,
      [dyadId, id],
    );
    expect(rows[0]).toEqual({ d: 0, t: 0, u: 0, ut: 0, sm: 0, dm: 0 });
    expect((await getJson(stack, stack.adminKey, `/api/v1/dyads/${dyadId}`)).status).toBe(404);
    const audit = await getJson(stack, stack.adminKey, `/api/v1/programs/${programId}/audit`);
    const entry = audit.body.items.find((a: { objectId: string }) => a.objectId === dyadId);
    expect(entry).toMatchObject({ action: 'delete', objectType: 'dyad', detail: { sessions: 1, utterances: 9 } });
    expect(JSON.stringify(entry)).not.toMatch(/withdrawn|sad|boss/);
  });
});

describe('program overview', () => {
  it('sorts, filters and pages stably while dyads are added', async () => {
    for (const [i, key] of ['ov-b', 'ov-d', 'ov-f', 'ov-h', 'ov-j'].entries()) {
      const c = await send('POST', '/api/v1/dyads', { key, program: 'api-test', ...(i === 4 ? { label: 'Needle label' } : {}) });
      expect(c.status).toBe(201);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let page = 0;
    do {
      const res = await getJson(stack, stack.adminKey, `/api/v1/programs/${programId}/overview?sort=key&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      seen.push(...res.body.items.map((d: { key: string }) => d.key));
      cursor = res.body.nextCursor;
      // Added mid-way: one before the cursor (must not appear twice or shift pages), one after (must appear).
      if (page++ === 0) {
        await send('POST', '/api/v1/dyads', { key: 'ov-a', program: 'api-test' });
        await send('POST', '/api/v1/dyads', { key: 'ov-z', program: 'api-test' });
      }
    } while (cursor);
    expect(seen).toEqual(['dyad-a', 'ov-b', 'ov-d', 'ov-f', 'ov-h', 'ov-j', 'ov-z']);
    expect(new Set(seen).size).toBe(seen.length);

    const bySessions = await getJson(stack, stack.adminKey, `/api/v1/programs/${programId}/overview?sort=sessions&order=desc&limit=1`);
    expect(bySessions.body.items[0]).toMatchObject({ key: 'dyad-a', sessions: 2, processedSessions: 2 });
    expect(bySessions.body.items[0].latest.reciprocationRate).toMatchObject({ num: expect.any(Number), den: expect.any(Number) });
    expect(bySessions.body.items[0].trends['sdRatePer100.dyad']).toMatchObject({ insufficientSessions: true, n: 2 });
    // Sparkline values: one per processed session, in order, equal to the stored session rates.
    const dyadMetrics = (await getJson(stack, stack.adminKey, `/api/v1/dyads/${bySessions.body.items[0].id}/metrics`)).body;
    expect(bySessions.body.items[0].trends['sdRatePer100.dyad'].points).toEqual(
      dyadMetrics.sessions.map((x: { metrics: { rates: { sdRatePer100: { dyad: { value: number | null } } } } }) => x.metrics.rates.sdRatePer100.dyad.value),
    );
    const search = await getJson(stack, stack.adminKey, `/api/v1/programs/${programId}/overview?q=needle`);
    expect(search.body.items.map((d: { key: string }) => d.key)).toEqual(['ov-j']);
    // No session in the last 2 weeks (program setting): the time-based alert is computed at read time.
    expect(bySessions.body.items[0].alerts.map((a: { code: string }) => a.code)).toContain('no_recent_session');
    const stale = await getJson(stack, stack.adminKey, `/api/v1/programs/${programId}/overview?alert=no_recent_session`);
    expect(stale.body.items.map((d: { key: string }) => d.key)).toEqual(['dyad-a']);
    await send('PATCH', `/api/v1/dyads/${bySessions.body.items[0].id}`, { archived: true });
    const active = await getJson(stack, stack.adminKey, `/api/v1/programs/${programId}/overview?limit=100`);
    expect(active.body.items.map((d: { key: string }) => d.key)).not.toContain('dyad-a');
    const archived = await getJson(stack, stack.adminKey, `/api/v1/programs/${programId}/overview?archived=true`);
    expect(archived.body.items.map((d: { key: string }) => d.key)).toEqual(['dyad-a']);
    expect((await getJson(stack, stack.adminKey, `/api/v1/programs/${programId}/overview?cursor=garbage`)).status).toBe(400);
  });
});

describe('webhooks', () => {
  let server: Server;
  let url = '';
  const received: Array<{ body: string; signature: string; event: string }> = [];
  let failFirst = 2;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (failFirst-- > 0) {
          res.writeHead(500).end('not yet');
          return;
        }
        received.push({ body, signature: String(req.headers['x-dyadic-signature']), event: String(req.headers['x-dyadic-event']) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('delivers signed events, retrying through the queue, with a readable delivery log', async () => {
    const hook = await send('POST', `/api/v1/programs/${programId}/webhooks`, { url, events: ['transcript.done', 'transcript.failed'] });
    expect(hook.status).toBe(201);
    expect(hook.body.secret).toMatch(/^whsec_/);
    const listed = await send('GET', `/api/v1/programs/${programId}/webhooks`);
    expect(listed.body.items[0].secret).toBeUndefined();

    const id = await uploadSession('hooked', '2026-03-01', 1);
    expect((await waitForTranscript(stack, stack.adminKey, id)).status).toBe('done');
    const deadline = Date.now() + 15_000;
    while (received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(received).toHaveLength(1);
    const got = received[0]!;
    expect(got.event).toBe('transcript.done');
    expect(verifyWebhook(hook.body.secret, got.body, got.signature)).toBe(true);
    expect(verifyWebhook('whsec_wrong', got.body, got.signature)).toBe(false);
    expect(JSON.parse(got.body)).toMatchObject({ event: 'transcript.done', data: { transcriptId: id, dyadKey: 'hooked', utterances: 9 } });

    // The worker records the attempt after the receiver answered: wait for the log to catch up.
    let log = await send('GET', `/api/v1/webhooks/${hook.body.id}/deliveries`);
    for (let i = 0; i < 100 && log.body.items[0]?.status !== 'delivered'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      log = await send('GET', `/api/v1/webhooks/${hook.body.id}/deliveries`);
    }
    expect(log.body.items).toHaveLength(1);
    expect(log.body.items[0]).toMatchObject({ event: 'transcript.done', status: 'delivered', attempts: 3, responseStatus: 204, error: null });
    expect((await send('DELETE', `/api/v1/webhooks/${hook.body.id}`)).status).toBe(204);
  });

  it('announces new dyad alerts and failed transcripts', async () => {
    received.length = 0;
    const hook = await send('POST', `/api/v1/programs/${programId}/webhooks`, { url, events: ['dyad.alert', 'transcript.failed'] });
    const first = await uploadSession('alerting', '2026-03-02', 1);
    expect((await waitForTranscript(stack, stack.adminKey, first)).status).toBe('done');
    // The mentee shares nothing about themselves this time: a new mentee_disclosure_zero alert.
    const quiet = await upload(stack, stack.adminKey, { name: 'quiet.txt', data: 'Mentor: Hi! Ready to start?\nMentee: Okay.\nMentor: Let us do step two of the worksheet.\nMentee: Okay.\n' }, { dyad: 'alerting', sessionDate: '2026-03-09', program: 'api-test' });
    expect((await waitForTranscript(stack, stack.adminKey, quiet.body.id)).status).toBe('done');
    const deadline = Date.now() + 15_000;
    const zero = (r: { event: string; body: string }) => r.event === 'dyad.alert' && r.body.includes('mentee_disclosure_zero');
    while (!received.some(zero) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const alert = received.find(zero);
    expect(alert, JSON.stringify(received)).toBeDefined();
    expect(JSON.parse(alert!.body).data).toMatchObject({ dyadKey: 'alerting', alerts: expect.arrayContaining(['mentee_disclosure_zero']) });
    expect(received.filter((r) => r.event === 'transcript.done')).toHaveLength(0);

    // A transcript the worker cannot parse (stored directly; the API would refuse it) is announced as failed.
    const dyad = await findOrCreateDyad(stack.db.pool, programId, 'alerting');
    const poison = await insertTranscriptWithUpload(stack.db.pool, { dyadId: dyad.id, sessionDate: '2026-03-16', filename: 'poison.bin', format: 'txt', sha256: 'p', speakerRoles: {}, content: Buffer.from([0, 1, 2, 255, 0]) });
    await enqueue(stack.queue, 'process-transcript', { transcriptId: poison.id }, { jobId: jobIdFor(poison.id, CODEBOOK_VERSION) });
    while (!received.some((r) => r.event === 'transcript.failed') && Date.now() < deadline + 10_000) await new Promise((r) => setTimeout(r, 50));
    const failed = received.find((r) => r.event === 'transcript.failed');
    expect(JSON.parse(failed!.body).data).toMatchObject({ transcriptId: poison.id, error: expect.stringContaining('poison.bin') });
    let log = await send('GET', `/api/v1/webhooks/${hook.body.id}/deliveries`);
    for (let i = 0; i < 100 && !log.body.items.every((d: { status: string }) => d.status === 'delivered'); i++) {
      await new Promise((r) => setTimeout(r, 50));
      log = await send('GET', `/api/v1/webhooks/${hook.body.id}/deliveries`);
    }
    expect(log.body.items.every((d: { status: string }) => d.status === 'delivered')).toBe(true);
  });
});

describe('operations and hardening', () => {
  it('serves Prometheus metrics to admins', async () => {
    const res = await fetch(`${stack.baseUrl}/metrics`, { headers: { authorization: `Bearer ${stack.adminKey}` } });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/dyadic_http_request_duration_seconds_bucket\{[^}]*route="\/api\/v1\/dyads\/:id\/metrics"/);
    expect(text).toMatch(/dyadic_queue_jobs\{queue="[^"]+",state="completed"\} \d+/);
    expect(text).toMatch(/dyadic_jobs_total\{job="process-transcript",outcome="done"\} [1-9]/);
    expect(text).toMatch(/dyadic_utterances_tagged_total [1-9]/);
  });

  it('opens the queue dashboard only for an admin key', async () => {
    expect((await fetch(`${stack.baseUrl}/admin/queues`)).status).toBe(401);
    const staff = await stack.key('staff');
    expect((await fetch(`${stack.baseUrl}/admin/queues`, { headers: { authorization: `Basic ${Buffer.from(`x:${staff}`).toString('base64')}` } })).status).toBe(401);
    const ok = await fetch(`${stack.baseUrl}/admin/queues`, { headers: { authorization: `Basic ${Buffer.from(`admin:${stack.adminKey}`).toString('base64')}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('<html');
  });

  it('sends request ids and security headers, and no CORS grant to other origins', async () => {
    const res = await fetch(`${stack.baseUrl}/api/v1/programs`, { headers: { authorization: `Bearer ${stack.adminKey}`, origin: 'https://evil.example' } });
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('rate limit', () => {
  it('answers 429 problem+json with Retry-After past the per-key limit', async () => {
    const limited = await startStack({ queue: 'redis', worker: false, env: { DYADIC_RATE_LIMIT: '3' } });
    try {
      const statuses: number[] = [];
      let last: Awaited<ReturnType<typeof getJson>> | null = null;
      for (let i = 0; i < 4; i++) {
        last = await getJson(limited, limited.adminKey, '/api/v1/programs');
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(last!.headers.get('content-type')).toMatch(/problem\+json/);
      expect(last!.body.type).toBe('/problems/rate-limited');
      expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
      // Another key has its own budget.
      expect((await getJson(limited, await limited.key('staff'), '/api/v1/programs')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
