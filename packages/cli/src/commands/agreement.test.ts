import { describe, expect, it } from 'vitest';
import { run } from './agreement.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

// main.ts does not register `agreement` yet, so the command module is called directly.
describe('dyadic agreement', () => {
  it('prints per-tag agreement as JSON, skipping missing and null codes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dyadic-agr-'));
    const f = join(dir, 'coded.jsonl');
    const rows = [
      { id: 1, conversation_id: 'c', turn: 0, speaker: 'mentee', text: 'I was scared at the doctor.', human: { selfDisclosure: true, emotion: true, advice: false } },
      { id: 2, conversation_id: 'c', turn: 1, speaker: 'mentor', text: 'You should bring your mom next time.', human: { selfDisclosure: false, emotion: null, advice: true } },
      { id: 3, conversation_id: 'c', turn: 2, speaker: 'mentee', text: 'Okay.', human: { advice: true } },
    ];
    writeFileSync(f, rows.map((r) => JSON.stringify(r)).join('\n'));
    let out = '';
    const orig = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((s: string) => ((out += s), true)) as typeof process.stdout.write;
    try {
      expect(await run(['--input', f, '--json'])).toBe(0);
    } finally {
      process.stdout.write = orig;
    }
    const j = JSON.parse(out);
    expect(j.selfDisclosure.n).toBe(2);
    expect(j.emotion.n).toBe(1);
    expect(j.advice).toMatchObject({ n: 3, confusion: { tp: 1, fp: 0, fn: 1, tn: 1 } });
    expect(j.reciprocatedDisclosure.n).toBe(0);
    // Added keys (backward compatible). advice: tp 1, fp 0, fn 1, tn 1 (n 3), worked by hand:
    // po = 2/3; human yes 2/3, machine yes 1/3; pe = 2/3·1/3 + 1/3·2/3 = 4/9; κ = (2/9)/(5/9) = .4; PABAK = 1/3.
    // SE: p11 1/3, p12 1/3, p21 0, p22 1/3; 1 − κ = .6. A = 1/3·(1 − 1·.6)² · 2 = .106667;
    // B = .36·1/3·(1/3 + 1/3)² = .053333; C = (.4 − 4/9·.6)² = .017778;
    // Var = .142222/(3·(5/9)²) = 864/5625 = .1536; SE = .391918; CI = .4 ± .768145 → [−.368145, 1].
    expect(j.advice.kappa).toBeCloseTo(0.4, 10);
    expect(j.advice.pabak).toBeCloseTo(1 / 3, 10);
    expect(j.advice.kappaSE).toBeCloseTo(0.391918, 5);
    expect(j.advice.kappaCI95.lower).toBeCloseTo(-0.368145, 4);
    expect(j.advice.kappaCI95.upper).toBe(1);
    expect(j.reciprocatedDisclosure).toMatchObject({ kappaCI95: null, pabak: null });
  });

  it('needs --key and --program to talk to a server, and says so', async () => {
    await expect(run(['--server', 'http://127.0.0.1:1', '--report'])).rejects.toThrow(/--key is required/);
    await expect(run(['--server', 'http://127.0.0.1:1', '--key', 'k', '--report'])).rejects.toThrow(/--program is required/);
    await expect(run(['--server', 'http://127.0.0.1:1', '--key', 'k', '--program', '00000000-0000-4000-8000-000000000000'])).rejects.toThrow(/--import FILE and\/or --report/);
    await expect(run(['--report', '--key', 'k'])).rejects.toThrow(/--server must be/);
  });
});
