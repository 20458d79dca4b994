/**
 * Postgres restarted while uploads stream in and a worker (child process) processes them. Every upload
 * answer is 202/200 (then the transcript must end done) or 503 with Retry-After (then nothing is stored); the worker
 * reconnects by itself and finishes everything accepted; nothing accepted is lost.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { outageHarness, sleep } from './outage.js';

const h = outageHarness('pg-restarts');
beforeAll(() => h.start());
afterAll(() => h.stop());

it('survives a Postgres restart during uploads', { timeout: 100_000 }, async () => {
  const stream = h.uploadStream(4);
  await sleep(1500);
  await h.pgServer.stop();
  await sleep(3000);
  await h.pgServer.start();
  await sleep(2500);
  await h.untilAccepted(stream);
  const summary = await h.checkOutcomes(await stream.stop());
  console.log(`postgres restart: answers ${JSON.stringify(summary)}`);
  const health = await fetch(`${h.api.baseUrl}/health`);
  expect(health.status).toBe(200);
});

it('finishes what was accepted when Postgres is down longer than the job retries (10 s)', { timeout: 100_000 }, async () => {
  const stream = h.uploadStream(4);
  await sleep(1500);
  await h.pgServer.stop();
  await sleep(10_000);
  await h.pgServer.start();
  await sleep(2500);
  await h.untilAccepted(stream);
  const summary = await h.checkOutcomes(await stream.stop());
  console.log(`postgres long outage: answers ${JSON.stringify(summary)}`);
});
