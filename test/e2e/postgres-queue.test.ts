/**
 * The same pipeline with BullMQ's Postgres backend (the queue of the embedded default), on the real Postgres.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixture, getJson, startStack, upload, waitForTranscript, type TestStack } from '../helpers/app.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ queue: 'postgres' });
});
afterAll(async () => {
  await stack?.close();
});

it('processes uploads through the Postgres-backed queue', async () => {
  const ids: string[] = [];
  for (const [i, date] of ['2026-04-01', '2026-04-08'].entries()) {
    const res = await upload(stack, stack.adminKey, { name: `s${i}.txt`, data: await fixture(`dyad-07/session-${i + 1}.txt`) }, { dyad: 'pg-dyad', sessionDate: date });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    ids.push(res.body.id);
  }
  for (const id of ids) expect((await waitForTranscript(stack, stack.adminKey, id)).status).toBe('done');
  const { body } = await getJson(stack, stack.adminKey, `/api/v1/dyads/${(await getJson(stack, stack.adminKey, '/api/v1/dyads?key=pg-dyad')).body.items[0].id}/metrics`);
  expect(body.sessions).toHaveLength(2);
  expect(body.sessions.every((s: any) => s.metrics.counts.utterances.total === 9)).toBe(true);
  // The queue lives in the bullmq schema of the same database.
  const { rows } = await stack.db.pool.query("select count(*)::int as n from information_schema.schemata where schema_name = 'bullmq'");
  expect(rows[0].n).toBe(1);
  const health = await getJson(stack, null, '/health');
  expect(health.body).toEqual({ status: 'ok', checks: { database: true, queue: true } });
});
