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
  });
});
