/**
 * Regressions found by the upload fuzz (each once answered 500): busboy framing errors, a deeply nested JSON item
 * serialised in an error message, a NUL in the filename reaching Postgres.
 *
 * Found by the upload fuzz. Each is the client's fault: a 4xx problem+json, nothing stored.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startStack, upload, type TestStack } from '../helpers/app.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack({ queue: 'redis', worker: false, env: { DYADIC_RATE_LIMIT: '1000000' } });
});
afterAll(async () => {
  await stack?.close();
});

const b = '----fuzzboundary';
const part = (name: string, value: string, filename?: string) =>
  `--${b}\r\nContent-Disposition: form-data; name="${name}"${filename !== undefined ? `; filename="${filename}"` : ''}\r\n\r\n${value}\r\n`;
const ok = part('dyad', 'fuzz-raw') + part('sessionDate', '2026-04-01') + part('file', 'Mentor: hi\nMentee: hello\n', 's.txt');

it.each([
  ['no closing boundary', ok, `multipart/form-data; boundary=${b}`],
  ['no boundary parameter', `${ok}--${b}--\r\n`, 'multipart/form-data'],
  ['another boundary than the body', `${ok}--${b}--\r\n`, 'multipart/form-data; boundary=other'],
  ['random bytes as body', '\x00\x01garbage\xff', `multipart/form-data; boundary=${b}`],
  ['part without headers', `--${b}\r\n\r\nhello\r\n--${b}--\r\n`, `multipart/form-data; boundary=${b}`],
])('%s → 400 problem+json, nothing stored', async (_name, body, contentType) => {
  const res = await fetch(`${stack.baseUrl}/api/v1/transcripts`, {
    method: 'POST',
    body,
    headers: { authorization: `Bearer ${stack.adminKey}`, 'content-type': contentType },
  });
  expect(res.status).toBe(400);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = (await res.json()) as { type: string; status: number; detail: string };
  expect(problem.status).toBe(400);
  expect(problem.type).toMatch(/^\/problems\//);
  const { rows } = await stack.db.pool.query('select (select count(*) from transcripts)::int as t, (select count(*) from dyads)::int as d');
  expect(rows[0]).toEqual({ t: 0, d: 0 });
});

const fields = { dyad: 'fuzz-500', sessionDate: '2026-04-09', mentor: 'Mentor', mentee: 'Mentee' };

it.each([
  ['an array nested 100,000 deep', '['.repeat(100_000) + ']'.repeat(100_000)],
  ['an array holding an array nested 20,000 deep', `[${'['.repeat(20_000)}${']'.repeat(20_000)}]`],
])('JSON: %s → 422 problem+json', async (_name, data) => {
  const res = await upload(stack, stack.adminKey, { name: 'deep.json', data }, fields);
  expect(res.status).toBe(422);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.body.file).toBe('deep.json');
});

it('a NUL in the filename → 4xx problem+json or a cleaned name, never 500', async () => {
  const res = await upload(stack, stack.adminKey, { name: 'a\u0000b.txt', data: 'Mentor: hi\nMentee: hello there\n' }, fields);
  expect(res.status).toBeLessThan(500);
  if (res.status === 202) {
    const { rows } = await stack.db.pool.query('select filename from transcripts where id = $1', [res.body.id]);
    expect(rows[0].filename).not.toContain('\u0000');
  } else {
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  }
});
