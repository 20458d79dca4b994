/**
 * The two-command path: `pnpm start` with no DATABASE_URL and no REDIS_URL starts embedded Postgres, the API and an
 * in-process worker on BullMQ's Postgres backend. Upload a three-session dyad over HTTP and read its metrics back.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixture, getJson, upload, waitForTranscript } from '../helpers/app.js';
import { portOpen, sparePort as freePort } from '../helpers/servers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const KEY = 'embedded-test-admin-key-0123456789';


let child: ChildProcess;
let dataDir: string;
let output = '';
let baseUrl = '';
let pgPort = 0;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'dyadic-embedded-'));
  pgPort = await freePort();
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && k !== 'DATABASE_URL' && k !== 'REDIS_URL') env[k] = v;
  Object.assign(env, {
    PORT: String(await freePort()),
    DYADIC_EMBEDDED_PG_PORT: String(pgPort),
    DYADIC_DATA_DIR: dataDir,
    DYADIC_BOOTSTRAP_KEY: KEY,
    LOG_LEVEL: 'warn',
  });
  child = spawn('pnpm', ['--silent', 'start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`pnpm start did not come up in 90 s:\n${output}`)), 90_000);
    const check = () => {
      const m = /Dyadic is running at (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => reject(new Error(`pnpm start exited with ${code}:\n${output}`)));
  });
}, 120_000);

const running = () => child && child.exitCode === null && child.signalCode === null;

afterAll(async () => {
  if (running()) process.kill(-child.pid!, 'SIGKILL');
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);


it('prints how to authenticate', () => {
  expect(output).toContain('/docs');
  expect(output).toContain('DYADIC_BOOTSTRAP_KEY');
  expect(output).toContain('embedded Postgres');
  expect(output).toContain('BullMQ on Postgres');
});

it('uploads a three-session dyad and returns three rows of session metrics', async () => {
  const stack = { baseUrl };
  expect((await getJson(stack, null, '/health')).body.status).toBe('ok');
  const ids: string[] = [];
  for (const [i, date] of ['2026-09-01', '2026-09-08', '2026-09-15'].entries()) {
    const res = await upload(stack, KEY, { name: `session-${i + 1}.txt`, data: await fixture(`dyad-07/session-${i + 1}.txt`) }, { dyad: 'dyad-07', sessionDate: date });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    ids.push(res.body.id);
  }
  for (const id of ids) expect((await waitForTranscript(stack, KEY, id, 30_000)).status).toBe('done');
  const dyad = (await getJson(stack, KEY, '/api/v1/dyads?key=dyad-07')).body.items[0];
  const { body } = await getJson(stack, KEY, `/api/v1/dyads/${dyad.id}/metrics`);
  expect(body.sessions).toHaveLength(3);
  expect(body.sessions.map((s: any) => s.metrics.counts.utterances.total)).toEqual([9, 9, 9]);
}, 60_000);

it('shuts down cleanly on SIGTERM, stopping embedded Postgres', async () => {
  expect(await portOpen(pgPort)).toBe(true);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  process.kill(-child.pid!, 'SIGTERM');
  const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 30_000))]);
  expect(code).not.toBe('timeout');
  expect(await portOpen(pgPort)).toBe(false);
}, 40_000);
