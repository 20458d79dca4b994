/**
 * When the queue cannot be reached, an upload gets 503 + Retry-After and nothing is stored; /health says so.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { getJson, startStack, upload, type TestStack } from '../helpers/app.js';

let stack: TestStack;
beforeAll(async () => {
  // Port 1 on loopback: nothing listens there, so every queue command fails fast.
  stack = await startStack({ queue: 'redis', worker: false, redisUrl: 'redis://127.0.0.1:1' });
});
afterAll(async () => {
  await stack?.close();
});

it('answers 503 with Retry-After and keeps nothing', async () => {
  const res = await upload(stack, stack.adminKey, { name: 's.txt', data: 'Mentor: Hi!\nMentee: Hi. I am sad today.\n' }, { dyad: 'd-outage', sessionDate: '2026-05-01' });
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe('30');
  expect(res.body.type).toBe('/problems/queue-unavailable');
  const { rows } = await stack.db.pool.query('select (select count(*) from transcripts)::int as t, (select count(*) from dyads)::int as d, (select count(*) from uploads)::int as u');
  expect(rows[0]).toEqual({ t: 0, d: 0, u: 0 });
  const health = await getJson(stack, null, '/health');
  expect(health.status).toBe(503);
  expect(health.body).toEqual({ status: 'unavailable', checks: { database: true, queue: false } });
});
