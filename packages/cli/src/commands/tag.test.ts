import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../../', import.meta.url).pathname;
function dyadic(args: string[], input?: string) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'packages/cli/src/main.ts', ...args], { cwd: root, input, encoding: 'utf8' });
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
