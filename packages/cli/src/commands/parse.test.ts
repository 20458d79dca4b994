import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../../', import.meta.url).pathname;
const fixture = (name: string) => join(root, 'packages/transcript/fixtures', name);
/** Same tsx as `npx tsx packages/cli/src/main.ts`, without npx's start-up cost. */
function dyadic(args: string[], input?: string | Buffer) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'packages/cli/src/main.ts', ...args], { cwd: root, input, encoding: 'utf8' });
}
const jsonl = (s: string) => s.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

// each case spawns the CLI (≈0.5 s, more on a busy machine)
describe('dyadic parse', { timeout: 120_000 }, () => {
  it('prints JSONL turns with roles from labels (npx tsx, as documented)', () => {
    const r = spawnSync('npx', ['tsx', 'packages/cli/src/main.ts', 'parse', fixture('typed.txt')], { cwd: root, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const out = jsonl(r.stdout);
    expect(out).toHaveLength(10);
    expect(out[0]).toEqual({ index: 0, speaker: 'Mentor', role: 'mentor', text: 'Hi Jordan. Can you hear me okay?' });
    expect(out[5]).toEqual({ index: 5, speaker: 'Mom', role: 'other', text: 'He practised in the car on the way there, twice.' });
    expect(r.stderr).toContain('warning: skipped 2 line(s) before the first speaker');
  });

  it('key order index, speaker, role, text, start, end; --mentor/--mentee fields', () => {
    const r = dyadic(['parse', fixture('zoom.vtt'), '--mentor', 'maya lopez', '--mentee', 'Jordan']);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('{"index":0,"speaker":"Maya Lopez","role":"mentor","text":"Hi Jordan! How was your week?","start":1.2,"end":4.1}');
    expect(jsonl(r.stdout).map((t) => t.role)).toEqual(['mentor', 'mentee', 'mentor', 'mentee', 'other', 'mentor']);
  });

  it('without fields and without labels: turns without roles, a note on stderr, exit 0', () => {
    const r = dyadic(['parse', fixture('session.srt')]);
    expect(r.status, r.stderr).toBe(0);
    const out = jsonl(r.stdout);
    expect(out[0]).toEqual({ index: 0, speaker: 'Maya', text: 'Hi Jordan! What did you eat today?', start: 1, end: 3.5 });
    expect(out.every((t) => !('role' in t))).toBe(true);
    expect(r.stderr).toContain('Speakers found: "Maya", "Jordan", "Mom"');
  });

  it('a wrong --mentor is an error: exit 2 naming the speakers', () => {
    const r = dyadic(['parse', fixture('session.srt'), '--mentor', 'Alex', '--mentee', 'Jordan']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('dyadic parse: The mentor "Alex" is not a speaker in this transcript. Speakers found: "Maya", "Jordan", "Mom".\n');
  });

  it('other fixture formats parse (all formats are covered in-process by the transcript tests)', () => {
    for (const f of ['otter.txt', 'session.tsv', 'whisperx.json', 'typed.docx']) {
      const r = dyadic(['parse', fixture(f)]);
      expect(r.status, `${f}: ${r.stderr}`).toBe(0);
      expect(jsonl(r.stdout).length).toBeGreaterThan(2);
    }
  });

  it('--format forces a format; reads stdin with "-"', () => {
    const r = dyadic(['parse', '-', '--format', 'srt'], readFileSync(fixture('session.srt')));
    expect(r.status, r.stderr).toBe(0);
    expect(jsonl(r.stdout)).toHaveLength(5);
    const bad = dyadic(['parse', fixture('typed.txt'), '--format=vtt']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('dyadic parse: vtt, line 1: expected the header "WEBVTT" on the first line, found "Mentoring call, week 3"\n');
  });

  it('bad input: exit 2 and a message naming format, line and expectation; nothing on stdout', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dyadic-parse-'));
    const cases: [string, string | Buffer, RegExp][] = [
      ['cut.vtt', 'WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nSam: hi\n\n2\n00:00:03.000 --> 00:0', /^dyadic parse: vtt, line 8: expected a cue timing/],
      ['empty.txt', '', /^dyadic parse: txt, line 1: expected a transcript with speaker turns, found an empty file\n$/],
      ['noise.bin', Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 7919) % 256)), /^dyadic parse: unknown, line 1: expected a text transcript .*found binary data\n$/],
      ['nocol.csv', 'participant,start\nMaya,1\n', /^dyadic parse: csv, line 1: expected a header row with a text column/],
      ['nospeakers.txt', 'just some notes\nabout the call\n', /^dyadic parse: txt, line 1: expected lines that start with a speaker name/],
    ];
    for (const [name, content, re] of cases) {
      writeFileSync(join(dir, name), content);
      const r = dyadic(['parse', join(dir, name)]);
      expect(r.status, name).toBe(2);
      expect(r.stdout, name).toBe('');
      expect(r.stderr, name).toMatch(re);
    }
  });

  it('refuses a file over --max-mb from its size, before reading it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dyadic-parse-'));
    const big = join(dir, 'big.vtt');
    writeFileSync(big, Buffer.alloc(3 * 1024 * 1024, 0x61));
    const r = dyadic(['parse', big, '--max-mb', '1']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('dyadic parse: vtt: expected a file of at most 1 MB, found 3 MB\n');
  });

  it('--output writes atomically; on failure no file (or temp file) is left', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dyadic-parse-'));
    const out = join(dir, 'turns.jsonl');
    const ok = dyadic(['parse', fixture('session.cha'), '--output', out]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toBe('');
    expect(jsonl(readFileSync(out, 'utf8'))[0]).toEqual({ index: 0, speaker: 'Maya Lopez', role: 'mentor', text: 'hi Jordan, how was school?', start: 1.2, end: 3.4 });
    const out2 = join(dir, 'never.jsonl');
    writeFileSync(join(dir, 'bad.cha'), '@Begin\nnot chat\n');
    const bad = dyadic(['parse', join(dir, 'bad.cha'), '-o', out2]);
    expect(bad.status).toBe(2);
    expect(existsSync(out2)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('usage errors: missing file, unknown flag, bad --format, no such file', () => {
    expect(dyadic(['parse']).stderr).toMatch(/^dyadic parse: missing <file>/);
    expect(dyadic(['parse', 'x.txt', '--bogus']).stderr).toMatch(/unknown option --bogus/);
    const f = dyadic(['parse', 'x.txt', '--format', 'pdf']);
    expect(f.status).toBe(2);
    expect(f.stderr).toMatch(/unknown --format "pdf"/);
    const n = dyadic(['parse', '/nonexistent/file.vtt']);
    expect(n.status).toBe(2);
    expect(n.stderr).toBe('dyadic parse: cannot read "/nonexistent/file.vtt": no such file\n');
  });
});
