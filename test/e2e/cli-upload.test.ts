/**
 * `dyadic upload`: a folder of sessions (dyad from the folder, date from the file name) or a manifest, uploaded to a
 * real server; resumable; one report line per file; exit 1 when any file failed.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FIXTURES, startStack, waitForTranscript, type TestStack } from '../helpers/app.js';
import { makeZip } from '../helpers/zip.js';

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

it('uploads the entries of a zip one by one, fails only the bad ones by name, and resumes', async () => {
  const session = (n: number) => readFile(path.join(FIXTURES, `dyad-07/session-${n}.txt`));
  await writeFile(
    path.join(dir, 'batch.zip'),
    makeZip([
      { name: 'export/dyad-60/2026-03-02-call.txt', data: await session(1) },
      { name: 'export/dyad-60/2026-03-09-call.txt', data: await session(2) },
      { name: '../escape/2026-03-16.txt', data: await session(3) },
      { name: 'export/dyad-60/2026-03-23.txt', data: new Uint8Array(3 * 1024 * 1024), declaredSize: 1000 },
      { name: 'export/dyad-60/2026-03-30.txt', data: 'Nobody here talks in turns.\n' },
    ]),
  );
  const args = ['upload', 'batch.zip', '--server', stack.baseUrl, '--key', stack.adminKey, '--state', 'zip-state.json'];
  const first = await dyadic(args);
  expect(first.code, first.stderr).toBe(1);
  // Not path.relative: it would resolve the unsafe entry's `..` away.
  const byFile = (out: string) => Object.fromEntries(lines(out).map((r) => [r.file.slice(dir.length + 1), r]));
  const report = byFile(first.stdout);
  expect(Object.fromEntries(Object.entries(report).map(([f, r]) => [f, r.status]))).toEqual({
    'batch.zip/../escape/2026-03-16.txt': 'failed',
    'batch.zip/export/dyad-60/2026-03-02-call.txt': 'uploaded',
    'batch.zip/export/dyad-60/2026-03-09-call.txt': 'uploaded',
    'batch.zip/export/dyad-60/2026-03-23.txt': 'failed',
    'batch.zip/export/dyad-60/2026-03-30.txt': 'failed',
  });
  expect(report['batch.zip/../escape/2026-03-16.txt']!.error).toMatch(/climbs out/);
  expect(report['batch.zip/export/dyad-60/2026-03-23.txt']!.error).toMatch(/zip bomb/);
  expect(report['batch.zip/export/dyad-60/2026-03-30.txt']!.error).toMatch(/^422 2026-03-30\.txt/);
  expect(first.stderr).toMatch(/^5 files to upload/);
  expect(first.stderr).toMatch(/\[5\/5\]/);
  for (const r of Object.values(report).filter((r) => r.status === 'uploaded')) expect((await waitForTranscript(stack, stack.adminKey, r.id!)).status).toBe('done');
  const { rows } = await stack.db.pool.query("select t.session_date from transcripts t join dyads d on d.id = t.dyad_id where d.key = 'dyad-60' order by 1");
  expect(rows.map((r: { session_date: string }) => r.session_date)).toEqual(['2026-03-02', '2026-03-09']);

  const again = byFile((await dyadic(args)).stdout);
  expect(again['batch.zip/export/dyad-60/2026-03-02-call.txt']).toMatchObject({ status: 'skipped', id: report['batch.zip/export/dyad-60/2026-03-02-call.txt']!.id });
  expect(again['batch.zip/export/dyad-60/2026-03-09-call.txt']!.status).toBe('skipped');
});

it('uses a manifest.csv inside the zip', async () => {
  await writeFile(
    path.join(dir, 'with-manifest.zip'),
    makeZip({
      'a.txt': 'Sam: How was work?\nJordan: I was tired but happy.\n',
      'manifest.csv': 'file,dyad,sessionDate,mentor,mentee\na.txt,dyad-61,2026-04-01,Sam,Jordan\n',
    }),
  );
  const res = await dyadic(['upload', 'with-manifest.zip', '--server', stack.baseUrl, '--key', stack.adminKey, '--state', 'zip-state-2.json']);
  expect(res.code, res.stderr).toBe(0);
  const [row] = lines(res.stdout);
  expect(row).toMatchObject({ status: 'uploaded', file: path.join(dir, 'with-manifest.zip') + '/a.txt' });
  const t = (await waitForTranscript(stack, stack.adminKey, row!.id!)) as { dyadKey: string; sessionDate: string; status: string };
  expect(t).toMatchObject({ dyadKey: 'dyad-61', sessionDate: '2026-04-01', status: 'done' });
});

it('refuses bad usage with exit 2', async () => {
  expect((await dyadic(['upload', 'sessions', '--key', 'x'])).code).toBe(2);
  expect((await dyadic(['upload', 'nowhere', '--server', stack.baseUrl, '--key', 'x'])).code).toBe(2);
});
