import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generatedConversation } from '../../../tagging/src/testing/generated-conversation.js';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../../', import.meta.url).pathname;
const args = (input: string, output: string) => ['--import', 'tsx', 'packages/cli/src/main.ts', 'tag', '--input', input, '--output', output];

describe('dyadic tag to a pipe (written by a writer thread past the first MiB)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dyadic-tag-pipe-'));
  const lines: string[] = [];
  for (let c = 0; c < 60; c++) for (const u of generatedConversation(100 + c, 120)) lines.push(JSON.stringify({ id: `${c}-${u.turn}`, conversation_id: `c${c}`, turn: u.turn, speaker: u.speaker, text: u.text }));
  const inp = join(dir, 'in.jsonl');
  writeFileSync(inp, lines.join('\n') + '\n');

  it('writes the same bytes to a pipe as to a file', () => {
    const out = join(dir, 'out.jsonl');
    const f = spawnSync(process.execPath, args(inp, out), { cwd: root, encoding: 'utf8' });
    expect(f.status, f.stderr).toBe(0);
    const expected = readFileSync(out);
    expect(expected.length).toBeGreaterThan(2 << 20);
    const p = spawnSync(process.execPath, args('-', '-'), { cwd: root, input: readFileSync(inp), maxBuffer: 256 << 20 });
    expect(p.status, String(p.stderr)).toBe(0);
    expect(p.stdout.equals(expected)).toBe(true);
  });

  it('a reader that goes away: exit 1 with the write error, no hang', async () => {
    const child = spawn(process.execPath, args(inp, '-'), { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code).toBe(1);
    expect(err).toMatch(/EPIPE/);
  });
});
