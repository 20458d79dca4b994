/**
 * `dyadic upload`: a folder of sessions (dyad from the folder, date from the file name) or a manifest, uploaded to a
 * real server; resumable; one report line per file; exit 1 when any file failed.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FIXTURES, startStack, waitForTranscript, type TestStack } from '../helpers/app.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// The CLI runs in a temp folder, where a bare `--import tsx` would not resolve.
const TSX = pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
let stack: TestStack;
let dir: string;

function dyadic(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', TSX, path.join(ROOT, 'packages/cli/src/main.ts'), ...args], { cwd: dir }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}
const lines = (s: string) => s.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { file: string; status: string; id?: string; error?: string });

beforeAll(async () => {
  stack = await startStack({ queue: 'redis', env: { DYADIC_RATE_LIMIT: '100000' } });
  dir = await mkdtemp(path.join(tmpdir(), 'dyadic-upload-'));
  await mkdir(path.join(dir, 'sessions', 'dyad-07'), { recursive: true });
  for (const [n, date] of [[1, '2026-01-05'], [2, '2026-01-12'], [3, '2026-01-19']] as const) {
    await copyFile(path.join(FIXTURES, `dyad-07/session-${n}.txt`), path.join(dir, 'sessions', 'dyad-07', `${date}-call.txt`));
  }
});
afterAll(async () => {
  await stack?.close();
  await rm(dir, { recursive: true, force: true });
});

it('uploads a folder, reports each file, and skips them when run again', async () => {
  const args = ['upload', 'sessions', '--server', stack.baseUrl, '--key', stack.adminKey, '--concurrency', '2'];
  const first = await dyadic(args);
  expect(first.code, first.stderr).toBe(0);
  const report = lines(first.stdout);
  expect(report.map((r) => r.status)).toEqual(['uploaded', 'uploaded', 'uploaded']);
  for (const r of report) expect((await waitForTranscript(stack, stack.adminKey, r.id!)).status).toBe('done');
  const { rows } = await stack.db.pool.query("select t.session_date from transcripts t join dyads d on d.id = t.dyad_id where d.key = 'dyad-07' order by 1");
  expect(rows.map((r: { session_date: string }) => r.session_date)).toEqual(['2026-01-05', '2026-01-12', '2026-01-19']);

  const again = await dyadic(args);
  expect(again.code).toBe(0);
  expect(lines(again.stdout).map((r) => r.status)).toEqual(['skipped', 'skipped', 'skipped']);
  expect((await stack.db.pool.query('select count(*)::int as n from transcripts')).rows[0].n).toBe(3);
});

it('takes dyad, date and roles from a manifest and exits 1 naming the file that failed', async () => {
  await writeFile(path.join(dir, 'a.txt'), 'Sam: How was work?\nJordan: I was tired but happy.\n');
  await writeFile(path.join(dir, 'b.txt'), 'Nobody here talks in turns.\n');
  await writeFile(path.join(dir, 'manifest.csv'), 'file,dyad,sessionDate,mentor,mentee\na.txt,dyad-20,2026-02-01,Sam,Jordan\nb.txt,dyad-20,2026-02-08,Sam,Jordan\n');
  const res = await dyadic(['upload', 'a.txt', 'b.txt', '--manifest', 'manifest.csv', '--server', stack.baseUrl, '--key', stack.adminKey, '--state', 'other-state.json']);
  expect(res.code).toBe(1);
  const report = lines(res.stdout);
  expect(report.find((r) => r.file.endsWith('a.txt'))).toMatchObject({ status: 'uploaded' });
  expect(report.find((r) => r.file.endsWith('b.txt'))).toMatchObject({ status: 'failed', error: expect.stringMatching(/^422 b\.txt/) });
  expect(res.stderr).toMatch(/uploaded 1, duplicate 0, skipped 0, failed 1/);
});

it('refuses bad usage with exit 2', async () => {
  expect((await dyadic(['upload', 'sessions', '--key', 'x'])).code).toBe(2);
  expect((await dyadic(['upload', 'nowhere', '--server', stack.baseUrl, '--key', 'x'])).code).toBe(2);
});
