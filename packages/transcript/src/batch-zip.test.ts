import { describe, expect, it } from 'vitest';
import { makeZip } from './testing/zip.js';
import { DEFAULT_ZIP_LIMITS, readBatchZip, ZipArchiveError, type ZipLimits } from './batch-zip.js';
import { fieldsFromPath, parseManifest, sessionFieldsProblem } from './batch-manifest.js';
import { planBatch } from './batch-plan.js';

const talk = 'Mentor: How was the week?\nMentee: Busy but good.\n';
const limits: ZipLimits = { ...DEFAULT_ZIP_LIMITS, maxEntryBytes: 1024 * 1024 };
const types = (z: ReturnType<typeof readBatchZip>) => Object.fromEntries(z.problems.map((p) => [p.file, p.type]));

describe('readBatchZip', () => {
  it('reads entries, skips folders and archiver junk, and sets a top-level manifest apart', () => {
    const z = readBatchZip(
      makeZip([
        { name: 'dyad-07/', data: '' },
        { name: 'dyad-07/2026-01-05.txt', data: talk },
        { name: 'dyad-07/2026-01-12.vtt', data: 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Mentor>Hi\n', method: 'store' },
        { name: '__MACOSX/dyad-07/._2026-01-05.txt', data: 'junk' },
        { name: 'dyad-07/.DS_Store', data: 'junk' },
        { name: 'MANIFEST.csv', data: 'file,dyad,sessionDate\n' },
      ]),
      limits,
    );
    expect(z.problems).toEqual([]);
    expect(z.entries.map((e) => e.name)).toEqual(['dyad-07/2026-01-05.txt', 'dyad-07/2026-01-12.vtt']);
    expect(new TextDecoder().decode(z.entries[0]!.data)).toBe(talk);
    expect(z.manifest).toMatchObject({ name: 'MANIFEST.csv', base: '' });
  });

  it('lists every unsafe entry, each with its own reason', () => {
    const z = readBatchZip(
      makeZip([
        { name: '../evil.txt', data: talk },
        { name: 'a/../../evil.txt', data: talk },
        { name: '/etc/passwd.txt', data: talk },
        { name: 'C:/x.txt', data: talk },
        { name: 'dyad\\2026-01-01.txt', data: talk },
        { name: 'dyad/link.txt', data: '/etc/passwd', unixMode: 0o120777 },
        { name: 'dyad/secret.txt', data: talk, encrypted: true },
        { name: 'dyad/2026-01-01.txt', data: talk },
        { name: 'dyad/./2026-01-01.txt', data: talk },
        { name: 'dyad/notes.pdf', data: 'x' },
      ]),
      limits,
    );
    expect(types(z)).toEqual({
      '../evil.txt': 'unsafe-path',
      'a/../../evil.txt': 'unsafe-path',
      '/etc/passwd.txt': 'unsafe-path',
      'C:/x.txt': 'unsafe-path',
      'dyad\\2026-01-01.txt': 'unsafe-path',
      'dyad/link.txt': 'symlink',
      'dyad/secret.txt': 'encrypted-entry',
      'dyad/2026-01-01.txt': 'duplicate-entry',
      'dyad/notes.pdf': 'not-a-transcript',
    });
    expect(z.entries.map((e) => e.name)).toEqual(['dyad/2026-01-01.txt']);
  });

  it('refuses a bomb by its declared ratio, and one whose header lies about its size, without inflating past the cap', () => {
    const zeros = new Uint8Array(4 * 1024 * 1024);
    const z = readBatchZip(
      makeZip([
        { name: 'd/2026-01-01.txt', data: zeros, declaredSize: 100 * 1024 }, // the header claims 100 KB; 4 MB inflate
        { name: 'd/2026-01-02.txt', data: new Uint8Array(900 * 1024) }, // honest, 900 KB of zeros ≈ 1000:1
        { name: 'd/2026-01-03.txt', data: 'x'.repeat(10), declaredSize: 5 }, // a tiny lie is caught as well
      ]),
      { ...limits, maxRatio: 10_000 },
    );
    expect(types(z)).toEqual({ 'd/2026-01-01.txt': 'zip-bomb', 'd/2026-01-03.txt': 'zip-bomb' });
    const strict = readBatchZip(makeZip([{ name: 'd/2026-01-02.txt', data: new Uint8Array(900 * 1024) }]), limits);
    expect(types(strict)).toEqual({ 'd/2026-01-02.txt': 'zip-bomb' });
    expect(strict.problems[0]!.reason).toMatch(/times its zipped size, over the limit of 100/);
  });

  it('refuses an entry over the per-file limit by its declared size', () => {
    const z = readBatchZip(makeZip([{ name: 'd/2026-01-01.txt', data: 'Mentor: hi\n'.repeat(200_000), method: 'store' }]), limits);
    expect(types(z)).toEqual({ 'd/2026-01-01.txt': 'entry-too-large' });
  });

  it('refuses the archive as a whole over its limits', () => {
    const many = makeZip(Array.from({ length: 11 }, (_, i) => ({ name: `d/2026-01-${String(i + 1).padStart(2, '0')}.txt`, data: talk })));
    const err = (() => {
      try {
        readBatchZip(many, { ...limits, maxEntries: 10 });
      } catch (e) {
        return e as ZipArchiveError;
      }
      throw new Error('no error');
    })();
    expect(err).toBeInstanceOf(ZipArchiveError);
    expect([err.status, err.type]).toEqual([413, 'zip-too-many-entries']);
    expect(() => readBatchZip(many, { ...limits, maxTotalBytes: 100 })).toThrow(/unzipped, over the/);
    expect(() => readBatchZip(many, { ...limits, maxZipBytes: 100 })).toThrow(/the zip is .* MB, over the .* limit/);
    expect(() => readBatchZip(new TextEncoder().encode('not a zip'), limits)).toThrow(/not a zip/);
    expect(() => readBatchZip(many.subarray(0, many.length - 30), limits)).toThrow(/cannot be read/);
  });
});

describe('manifest and path rules', () => {
  it('takes the dyad from the folder holding the file and the date from the file name', () => {
    expect(fieldsFromPath('sessions/dyad-07/2026-03-04-call.vtt')).toEqual({ dyad: 'dyad-07', sessionDate: '2026-03-04' });
    expect(fieldsFromPath('2026-03-04.txt')).toEqual({ dyad: '', sessionDate: '2026-03-04' });
    expect(sessionFieldsProblem(fieldsFromPath('dyad-07/notes.txt'))).toMatch(/no session date/);
    expect(sessionFieldsProblem({ dyad: 'd', sessionDate: '2026-02-30' })).toMatch(/not a valid ISO date/);
  });

  it('plans a zip from a manifest in its folder, and names unlisted files and rows without a file', () => {
    const entries = [
      { name: 'batch/a.txt', data: new Uint8Array() },
      { name: 'batch/b.txt', data: new Uint8Array() },
    ];
    const rows = parseManifest('File,Dyad,Session_Date,Mentor,Program\na.txt,dyad-1,2026-01-02,Sam,pilot\nc.txt,dyad-1,2026-01-03,,\n');
    const plan = planBatch(entries, { rows, base: 'batch' });
    expect(plan.targets).toEqual([{ file: 'batch/a.txt', data: entries[0]!.data, fields: { dyad: 'dyad-1', sessionDate: '2026-01-02', mentor: 'Sam', program: 'pilot' }, manifestLine: 2 }]);
    expect(plan.problems).toEqual([
      { file: 'batch/b.txt', type: 'not-in-manifest', reason: 'the manifest has no row for this file' },
      { file: 'batch/c.txt', type: 'missing-entry', reason: expect.stringContaining('line 3'), manifestLine: 3 },
    ]);
  });

  it('refuses a manifest without a file column or listing a file twice, with the line', () => {
    expect(() => parseManifest('dyad,date\nx,2026-01-01\n')).toThrow(/"file" column/);
    expect(() => parseManifest('file,dyad\na.txt,x\n./a.txt,y\n')).toThrow(/line 3: a.txt is already listed on line 2/);
  });
});
