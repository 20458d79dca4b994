import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCodebook, tagConversation, type TaggedUtterance } from '@dyadic/tagging';
import { generatedConversation } from '../../../tagging/src/testing/generated-conversation.js';
import { assignRoles, parseTranscript } from '@dyadic/transcript';
import { describe, expect, it } from 'vitest';
import { mapTagged, parseLines } from '../eval/jsonl.js';

const root = new URL('../../../../', import.meta.url).pathname;
function dyadic(args: string[], input?: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'packages/cli/src/main.ts', ...args], { cwd: root, input, encoding: 'utf8', maxBuffer: 256 << 20 });
}
const line = (o: object) => JSON.stringify(o);

describe('dyadic tag', () => {
  it('tags JSONL from stdin to stdout, one line per input line, same order, conversations kept apart', () => {
    const input = [
      line({ id: 'a1', conversation_id: 'A', turn: 1, speaker: 'mentor', text: 'I was nervous at my first job too.' }),
      line({ id: 'b0', conversation_id: 'B', turn: 0, speaker: 'mentor', text: 'I was nervous at my first job too.' }),
      line({ id: 'a0', conversation_id: 'A', turn: 0, speaker: 'mentee', text: 'I start my job Monday. Me nervous.' }),
    ].join('\n');
    const r = dyadic(['tag', '--input', '-', '--output', '-'], input);
    expect(r.status, r.stderr).toBe(0);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out.map((o) => o.id)).toEqual(['a1', 'b0', 'a0']);
    expect(out[0].tags.reciprocatedDisclosure).toBe(true); // A: turn 1 answers turn 0 although it comes first in the file
    expect(out[1].tags.reciprocatedDisclosure).toBe(false); // B has no partner disclosure: context does not cross conversations
    expect(out[2].tags).toMatchObject({ selfDisclosure: true, emotion: true });
    for (const o of out) {
      expect(Object.keys(o).sort()).toEqual(['codebookVersion', 'conversation_id', 'detail', 'evidence', 'id', 'tags', 'turn']);
      expect(o.codebookVersion).toBe('0.2.0');
    }
  });

  it('rejects a malformed line with its line number, exit 2, and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dyadic-tag-'));
    const inp = join(dir, 'in.jsonl');
    const out = join(dir, 'out.jsonl');
    writeFileSync(inp, [line({ id: 1, conversation_id: 'c', turn: 0, speaker: 'mentee', text: 'hi' }), '', '{"id": 2, "conversation_id": "c", "turn": 1, "speaker": "coach", "text": "x"}'].join('\n'));
    const r = dyadic(['tag', '--input', inp, '--output', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/line 3/);
    expect(existsSync(out)).toBe(false);
    const bad = dyadic(['tag', '--input', '-', '--output', '-'], '{"id":1,\n');
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/line 1/);
  });

  it('writes to --output and accepts an extra dictionary', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dyadic-tag-'));
    const out = join(dir, 'out.jsonl');
    const extra = join(dir, 'extra.json');
    writeFileSync(extra, JSON.stringify({ emotion: { confusion: ['flummoxed'] } }));
    const r = dyadic(['tag', '--input', '-', '--output', out, '--extra', extra], line({ id: 1, conversation_id: 'c', turn: 0, speaker: 'mentee', text: 'I am flummoxed.' }) + '\n');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    const o = JSON.parse(readFileSync(out, 'utf8'));
    expect(o.tags.emotion).toBe(true);
    expect(o.codebookVersion).toMatch(/^0\.2\.0\+custom\./);
  });

  it('bad flags are usage errors (exit 2)', () => {
    expect(dyadic(['tag', '--bogus']).status).toBe(2);
    expect(dyadic(['tag', '--input', '-', '--window', '9'], '').status).toBe(2);
  });
});

describe('dyadic eval', () => {
  it('scores a labelled file and writes JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dyadic-eval-'));
    const out = join(dir, 'res.json');
    const r = dyadic(['eval', '--data', 'packages/tagging/fixtures/labelled.jsonl', '--out', out, '--errors', 'advice', '--limit', '3']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/labelled\s+SD/);
    const j = JSON.parse(readFileSync(out, 'utf8'));
    expect(j.scores.labelled.selfDisclosure.n).toBeGreaterThan(100);
    expect(j.scores.labelled.advice).toHaveProperty('kappa');
  });
});

describe('dyadic tag <transcript file>', () => {
  it('tags a Mentor:/Mentee: transcript per turn', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dyadic-tr-'));
    const f = join(dir, 'call-07.txt');
    writeFileSync(f, ['Mentor: Hi Ana! How was your week?', 'Mentee: Bad. Me sad.', 'Mentor: Oh no. What happened?', 'Mentee: My cat is sick.', 'Mentor: My dog was sick last year too. Take her to the vet soon.'].join('\n') + '\n');
    const r = dyadic(['tag', f]);
    expect(r.status, r.stderr).toBe(0);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(out).toHaveLength(5);
    expect(out[1].tags).toMatchObject({ selfDisclosure: true, emotion: true });
    expect(out[4].tags).toMatchObject({ selfDisclosure: true, advice: true, reciprocatedDisclosure: true });
    expect(out.every((o) => o.conversation_id === 'call-07')).toBe(true);
  });
});

describe('dyadic tag streams (two passes, bounded window)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dyadic-tag-stream-'));
  const expectedLine = (base: object, t: TaggedUtterance) => JSON.stringify({ ...base, tags: t.tags, detail: t.detail, evidence: t.evidence, codebookVersion: t.codebookVersion });

  it('JSONL: long contiguous conversations, an interleaved one and one out of turn order equal tagging each conversation whole', () => {
    const lines: object[] = [];
    for (const [c, n] of [['A', 5000], ['B', 2600]] as const) {
      for (const u of generatedConversation(c.charCodeAt(0), n, { timed: c === 'B' })) lines.push({ id: `${c}${u.turn}`, conversation_id: c, turn: u.turn, speaker: u.speaker, text: u.text });
    }
    // C interleaved with D, D's turns out of order (tagged whole when its last line arrives)
    const c = generatedConversation(3, 300);
    const d = generatedConversation(4, 40);
    c.forEach((u, i) => {
      lines.push({ id: `C${u.turn}`, conversation_id: 'C', turn: u.turn, speaker: u.speaker, text: u.text });
      const v = d[d.length - 1 - i];
      if (v) lines.push({ id: `D${v.turn}`, conversation_id: 7, turn: v.turn, speaker: v.speaker, text: v.text });
    });
    const text = lines.map((o) => JSON.stringify(o)).join('\n') + '\n';
    const inp = join(dir, 'many.jsonl');
    const out = join(dir, 'many.out.jsonl');
    writeFileSync(inp, text);
    const r = dyadic(['tag', '--input', inp, '--output', out]);
    expect(r.status, r.stderr).toBe(0);
    const cb = loadCodebook();
    const parsed = parseLines(text);
    const expected = mapTagged(parsed, cb, {}, (t, l) => expectedLine({ id: l.id, conversation_id: l.conversation_id, turn: l.turn }, t));
    const got = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(got).toHaveLength(expected.length);
    for (let i = 0; i < expected.length; i++) expect(got[i], `line ${i + 1}`).toBe(expected[i]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('JSONL: a malformed line far into the input fails with its number and leaves no output file', () => {
    const good = generatedConversation(9, 4000).map((u) => JSON.stringify({ id: u.turn, conversation_id: 'x', turn: u.turn, speaker: u.speaker, text: u.text }));
    good.splice(3500, 0, '{"id": 1, "conversation_id": "x", "turn": "three", "speaker": "mentor", "text": "hi"}');
    const inp = join(dir, 'bad.jsonl');
    const out = join(dir, 'bad.out.jsonl');
    writeFileSync(inp, good.join('\n'));
    const r = dyadic(['tag', '--input', inp, '--output', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/line 3501: "turn" must be a number/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('bad.out'))).toEqual([]);
    // stdout: nothing written either
    const s = dyadic(['tag', '--input', '-'], good.join('\n'));
    expect(s.status).toBe(2);
    expect(s.stdout).toBe('');
  });

  it('transcript file: a long transcript equals parse + roles + tagConversation whole; from stdin too', async () => {
    const conv = generatedConversation(11, 4500, { otherRate: 0.1 });
    const name = (s: string) => (s === 'mentor' ? 'Mentor' : s === 'mentee' ? 'Jo (mentee)' : 'Mom');
    const text = conv.map((u) => `${name(u.speaker)}: ${u.text}`).join('\n') + '\n';
    const f = join(dir, 'long-session.txt');
    writeFileSync(f, text);
    const parsed = await parseTranscript(Buffer.from(text), { filename: 'long-session.txt' });
    const roles = assignRoles(parsed);
    const tagged = tagConversation(parsed.turns.map((t) => ({ turn: t.index, speaker: roles[t.speaker] ?? 'other', text: t.text })), loadCodebook());
    const expected = tagged.map((t) => expectedLine({ id: `long-session:${t.turn}`, conversation_id: 'long-session', turn: t.turn, speaker: t.speaker }, t));
    const r = dyadic(['tag', f]);
    expect(r.status, r.stderr).toBe(0);
    const got = r.stdout.trimEnd().split('\n');
    expect(got).toHaveLength(expected.length);
    for (let i = 0; i < expected.length; i++) expect(got[i], `line ${i + 1}`).toBe(expected[i]);
    const fromStdin = dyadic(['tag', '-'], text);
    expect(fromStdin.status, fromStdin.stderr).toBe(0);
    expect(fromStdin.stdout.trimEnd().split('\n')).toHaveLength(expected.length);
  });

  it('transcript file: a parse error (line named) or unknown roles exit 2 with no output file', () => {
    const f = join(dir, 'broken.vtt');
    writeFileSync(f, 'WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nMentor: hi\n\n2\n00:00:0\nJo: x\n');
    const out = join(dir, 'broken.out.jsonl');
    const r = dyadic(['tag', f, '--output', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/vtt, line 8/);
    expect(existsSync(out)).toBe(false);
    const g = join(dir, 'who.txt');
    writeFileSync(g, 'Sam: hi\nAlex: hello\n');
    const r2 = dyadic(['tag', g, '--output', out]);
    expect(r2.status).toBe(2);
    expect(r2.stderr).toMatch(/mentor/);
    expect(existsSync(out)).toBe(false);
  });
});
