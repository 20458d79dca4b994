/**
 * Redis crashed (kill -9) and restarted while uploads stream in and a worker (child process) processes them. Every upload
 * answer is 202/200 (then the transcript must end done) or 503 with Retry-After (then nothing is stored); the worker
 * reconnects by itself and finishes everything accepted; nothing accepted is lost.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { outageHarness, sleep } from './outage.js';

const h = outageHarness('restarts');
beforeAll(() => h.start());
afterAll(() => h.stop());

it('survives a Redis crash and restart during uploads', { timeout: 100_000 }, async () => {
  const stream = h.uploadStream(4);
  await sleep(1500);
  await h.redis.stop('SIGKILL');
  await sleep(3000);
  await h.redis.start();
  await sleep(2500);
  await h.untilAccepted(stream);
  const summary = await h.checkOutcomes(await stream.stop());
  console.log(`redis restart: answers ${JSON.stringify(summary)}`);
  const health = await fetch(`${h.api.baseUrl}/health`);
  expect(health.status).toBe(200);
});
