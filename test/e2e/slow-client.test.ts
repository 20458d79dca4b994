/**
 * Slow-loris: a client that trickles its request headers cannot hold a connection open past the request timeout.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { getJson, startStack, type TestStack } from '../helpers/app.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ queue: 'redis', worker: false, env: { DYADIC_REQUEST_TIMEOUT_MS: '2000' } });
});
afterAll(async () => {
  await stack?.close();
});

it('closes a connection whose headers trickle in slower than the request timeout', async () => {
  const { port } = new URL(stack.baseUrl);
  const socket = connect({ port: Number(port), host: '127.0.0.1' });
  await new Promise<void>((r) => socket.once('connect', () => r()));
  const t0 = Date.now();
  let received = '';
  socket.on('data', (d) => (received += d));
  socket.write('POST /api/v1/transcripts HTTP/1.1\r\nHost: localhost\r\n');
  // One header byte every 300 ms: the request never completes.
  const trickle = setInterval(() => socket.writable && socket.write('X'), 300);
  const closedAfter = await new Promise<number>((resolve) => {
    socket.once('close', () => resolve(Date.now() - t0));
    setTimeout(() => resolve(-1), 15_000);
  });
  clearInterval(trickle);
  socket.destroy();
  expect(closedAfter, 'the server closed the slow connection').toBeGreaterThan(0);
  expect(closedAfter).toBeLessThan(10_000);
  // Where the server answered before closing, it said why.
  if (received) expect(received).toMatch(/^HTTP\/1\.1 408/);
  // Normal requests still work.
  expect((await getJson(stack, null, '/health')).status).toBe(200);
}, 30_000);
