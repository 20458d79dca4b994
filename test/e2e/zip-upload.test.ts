/**
 * POST /api/v1/transcripts/batch: a zip of sessions, all or nothing, against real Postgres, Redis and worker. Every
 * refusal must name each bad entry and leave no row behind.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, getJson, startStack, waitForTranscript, type TestStack } from '../helpers/app.js';
import { makeZip, type ZipFile } from '../helpers/zip.js';

let stack: TestStack;
let sessions: Buffer[];

beforeAll(async () => {
  // Small limits so the tests can cross each of them with small archives.
  stack = await startStack({ queue: 'redis', env: { DYADIC_RATE_LIMIT: '100000', DYADIC_ZIP_MAX_ENTRIES: '20', DYADIC_ZIP_MAX_RATIO: '50', DYADIC_ZIP_MAX_MB: '1' } });
  sessions = await Promise.all([1, 2, 3].map((n) => fixture(`dyad-07/session-${n}.txt`)));
});
afterAll(async () => {
  await stack?.close();
});

async function batch(zip: Buffer | null, fields: Record<string, string | Blob> = {}, key = stack.adminKey): Promise<{ status: number; body: any }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (zip) form.append('file', new Blob([zip], { type: 'application/zip' }), 'sessions.zip');
  const res = await fetch(`${stack.baseUrl}/api/v1/transcripts/batch`, { method: 'POST', body: form, headers: { authorization: `Bearer ${key}` } });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function rows(): Promise<{ transcripts: number; uploads: number; dyads: number }> {
  const { rows } = await stack.db.pool.query(
    'select (select count(*)::int from transcripts) as transcripts, (select count(*)::int from uploads) as uploads, (select count(*)::int from dyads) as dyads',
  );
  return rows[0];
}

/** Refused with 422, nothing stored, and the problem names exactly these entries. */
async function expectRejected(zip: Buffer, fields: Record<string, string> = {}) {
  const before = await rows();
  const res = await batch(zip, fields);
  expect(res.status, JSON.stringify(res.body)).toBe(422);
  expect(res.body.type).toBe('/problems/batch-rejected');
  expect(await rows()).toEqual(before);
  return res.body.errors as Array<{ file: string; type: string; reason: string; line?: number; manifestLine?: number }>;
}

describe('a good batch', () => {
  it('with a manifest: stores every file, queues it, and the worker turns it into metrics', async () => {
    const zip = makeZip([
      { name: 'calls/first.txt', data: sessions[0]! },
      { name: 'calls/second.txt', data: sessions[1]! },
      { name: 'calls/third.txt', data: sessions[2]! },
      { name: 'manifest.csv', data: 'file,dyad,sessionDate,mentor,mentee\ncalls/first.txt,zip-07,2026-01-05,Mentor,Mentee\ncalls/second.txt,zip-07,2026-01-12,,\ncalls/third.txt,zip-07,2026-01-19,,\n' },
    ]);
    const res = await batch(zip);
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body).toMatchObject({ accepted: 3, duplicates: 0 });
    expect(res.body.entries.map((e: any) => [e.file, e.status, e.sessionDate])).toEqual([
      ['calls/first.txt', 'accepted', '2026-01-05'],
      ['calls/second.txt', 'accepted', '2026-01-12'],
      ['calls/third.txt', 'accepted', '2026-01-19'],
    ]);
    for (const e of res.body.entries) {
      const t = await waitForTranscript(stack, stack.adminKey, e.id);
      expect(t.status, t.error).toBe('done');
      expect(t).toMatchObject({ dyadKey: 'zip-07', filename: e.file.split('/')[1], utterances: 9 });
    }
    const dyadId = res.body.entries[0].dyadId;
    expect(new Set(res.body.entries.map((e: any) => e.dyadId))).toEqual(new Set([dyadId]));
    const metrics = await getJson(stack, stack.adminKey, `/api/v1/dyads/${dyadId}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.body.sessions.map((s: any) => s.sessionDate)).toEqual(['2026-01-05', '2026-01-12', '2026-01-19']);
    for (const s of metrics.body.sessions) expect(s.metrics.counts.utterances).toMatchObject({ mentor: 5, mentee: 4, total: 9 });

    // The same zip again: every file is a duplicate of what is stored, nothing new is queued.
    const again = await batch(zip);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ accepted: 0, duplicates: 3 });
    expect(again.body.entries.map((e: any) => e.id)).toEqual(res.body.entries.map((e: any) => e.id));
  });

  it('without a manifest: the folder names the dyad and the file name gives the date', async () => {
    const res = await batch(makeZip([
      { name: 'export/dyad-31/', data: '' },
      { name: 'export/dyad-31/2026-02-02-call.txt', data: sessions[0]! },
      { name: 'export/dyad-32/2026-02-03.txt', data: sessions[1]! },
    ]));
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const { rows: stored } = await stack.db.pool.query(
      `select d.key, t.session_date, t.filename from transcripts t join dyads d on d.id = t.dyad_id where d.key like 'dyad-3%' order by d.key`,
    );
    expect(stored).toEqual([
      { key: 'dyad-31', session_date: '2026-02-02', filename: '2026-02-02-call.txt' },
      { key: 'dyad-32', session_date: '2026-02-03', filename: '2026-02-03.txt' },
    ]);
  });

  it('takes the manifest as a form field, over a manifest.csv in the zip', async () => {
    const zip = makeZip([
      { name: 'a.txt', data: sessions[2]! },
      { name: 'manifest.csv', data: 'file,dyad,sessionDate\na.txt,from-zip,2026-03-01\n' },
    ]);
    const res = await batch(zip, { manifest: 'file,dyad,sessionDate\na.txt,from-field,2026-03-02\n' });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    const t = await getJson(stack, stack.adminKey, `/api/v1/transcripts/${res.body.entries[0].id}`);
    expect(t.body).toMatchObject({ dyadKey: 'from-field', sessionDate: '2026-03-02' });
  });
});

describe('a bad batch stores nothing and names every bad entry', () => {
  it('refuses path traversal, absolute paths, backslashes and symlinks, next to good files', async () => {
    const errors = await expectRejected(makeZip([
      { name: 'dyad-40/2026-04-01.txt', data: sessions[0]! },
      { name: 'dyad-40/../../2026-04-02.txt', data: sessions[1]! },
      { name: '/tmp/dyad-40/2026-04-03.txt', data: sessions[1]! },
      { name: 'dyad-40\\2026-04-04.txt', data: sessions[1]! },
      { name: 'dyad-40/2026-04-05.txt', data: '../../etc/passwd', unixMode: 0o120777 },
    ]));
    expect(errors.map((e) => [e.file, e.type])).toEqual([
      ['/tmp/dyad-40/2026-04-03.txt', 'unsafe-path'],
      ['dyad-40/../../2026-04-02.txt', 'unsafe-path'],
      ['dyad-40/2026-04-05.txt', 'symlink'],
      ['dyad-40\\2026-04-04.txt', 'unsafe-path'],
    ]);
    expect(errors.find((e) => e.file.includes('..'))!.reason).toMatch(/climbs out/);
  });

  it('refuses a zip bomb: by its compression ratio, and when the header understates the size', async () => {
    const errors = await expectRejected(makeZip([
      { name: 'dyad-41/2026-04-01.txt', data: 'Mentor: hi\n'.repeat(200_000) }, // 2.2 MB, compresses far past 50:1
      { name: 'dyad-41/2026-04-02.txt', data: new Uint8Array(3 * 1024 * 1024), declaredSize: 1000 },
      { name: 'dyad-41/2026-04-03.txt', data: sessions[0]! },
    ]));
    expect(errors.map((e) => [e.file, e.type])).toEqual([
      ['dyad-41/2026-04-01.txt', 'zip-bomb'],
      ['dyad-41/2026-04-02.txt', 'zip-bomb'],
    ]);
  });

  it('refuses too many entries before reading any of them', async () => {
    const before = await rows();
    const files: ZipFile[] = Array.from({ length: 21 }, (_, i) => ({ name: `dyad-42/2026-05-${String(i + 1).padStart(2, '0')}.txt`, data: sessions[0]! }));
    const res = await batch(makeZip(files));
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ type: '/problems/zip-too-many-entries', entries: 21, limit: 20 });
    expect(await rows()).toEqual(before);
  });

  it('refuses a zip over the size limit while it arrives', async () => {
    const before = await rows();
    const res = await batch(makeZip([{ name: 'dyad-46/2026-05-01.txt', data: randomBytes(1536 * 1024), method: 'store' }]));
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ type: '/problems/zip-too-large', detail: expect.stringMatching(/over the 1 MB limit/) });
    expect(await rows()).toEqual(before);
  });

  it('refuses a bad transcript inside, naming the entry and its line, and lists the other bad files too', async () => {
    const errors = await expectRejected(
      makeZip([
        { name: 'good.txt', data: sessions[0]! },
        { name: 'broken.vtt', data: 'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Mentor>Hello\n\n00:00:1 --> nonsense\n<v Mentee>Hi\n' },
        { name: 'roles.txt', data: 'Sam: How are you?\nJordan: Fine.\n' },
        { name: 'unlisted.txt', data: sessions[1]! },
      ]),
      { manifest: 'file,dyad,sessionDate\ngood.txt,dyad-43,2026-06-01\nbroken.vtt,dyad-43,2026-06-02\nroles.txt,dyad-43,2026-06-03\nmissing.txt,dyad-43,2026-06-04\n' },
    );
    expect(errors.map((e) => [e.file, e.type])).toEqual([
      ['broken.vtt', 'unparseable-transcript'],
      ['missing.txt', 'missing-entry'],
      ['roles.txt', 'speaker-roles-needed'],
      ['unlisted.txt', 'not-in-manifest'],
    ]);
    const broken = errors.find((e) => e.file === 'broken.vtt')!;
    expect(broken.line).toBe(6);
    expect(broken.reason).toMatch(/^vtt, line 6: expected a cue timing/);
    expect(errors.find((e) => e.file === 'missing.txt')!.manifestLine).toBe(5);
    expect(errors.find((e) => e.file === 'roles.txt')).toMatchObject({ speakers: ['Sam', 'Jordan'] });
  });

  it('refuses files without a dyad folder or a dated name when there is no manifest', async () => {
    const errors = await expectRejected(makeZip([
      { name: '2026-07-01.txt', data: sessions[0]! },
      { name: 'dyad-44/notes.txt', data: sessions[0]! },
      { name: 'dyad-44/2026-07-02.pdf', data: 'x' },
    ]));
    expect(errors.map((e) => [e.file, e.type])).toEqual([
      ['2026-07-01.txt', 'invalid-session-fields'],
      ['dyad-44/2026-07-02.pdf', 'not-a-transcript'],
      ['dyad-44/notes.txt', 'invalid-session-fields'],
    ]);
  });

  it('refuses an upload that is not a zip, and a broken manifest with its line', async () => {
    const notZip = await batch(Buffer.from('Mentor: hi\nMentee: hello\n'));
    expect([notZip.status, notZip.body.type]).toEqual([400, '/problems/not-a-zip']);
    const badCsv = await batch(makeZip([{ name: 'a.txt', data: sessions[0]! }]), { manifest: 'file,dyad,sessionDate\na.txt,d,2026-01-01,extra\n' });
    expect([badCsv.status, badCsv.body.type, badCsv.body.line]).toEqual([400, '/problems/invalid-manifest', 2]);
  });

  it('is refused to a staff key', async () => {
    const res = await batch(makeZip([{ name: 'dyad-45/2026-01-01.txt', data: sessions[0]! }]), {}, await stack.key('staff'));
    expect(res.status).toBe(403);
  });
});
