import { describe, expect, it } from 'vitest';
import { evaluate, half, splitOf, type EvalLine } from './harness.js';

const ids = Array.from({ length: 400 }, (_, i) => `conv-${i}`);

describe('eval splits', () => {
  it('tune is the old even half; check and final partition the old odd half', () => {
    for (const id of ids) {
      const s = splitOf(id);
      expect(s === 'tune').toBe(half(id) === 'tune');
      expect(splitOf(id)).toBe(s); // stable
    }
    const counts = { tune: 0, check: 0, final: 0 };
    for (const id of ids) counts[splitOf(id)]++;
    expect(counts.check).toBeGreaterThan(50);
    expect(counts.final).toBeGreaterThan(50);
  });

  it('never lists errors of held-out (final) conversations', () => {
    const lines: EvalLine[] = ids.slice(0, 60).map((id) => ({
      source: 'x', conversation_id: id, turn: 0, speaker: 'mentor', text: 'Try calling her tomorrow.', gold: { advice: false },
    }));
    const r = evaluate(lines, { split: 'all', errorsFor: 'advice' });
    const listed = new Set((r.errors.advice ?? []).map((e) => e.conversation_id));
    expect(listed.size).toBeGreaterThan(0);
    for (const id of listed) expect(splitOf(id)).not.toBe('final');
    const fin = evaluate(lines, { split: 'final' });
    expect(fin.scores.x?.advice?.n).toBe(lines.filter((l) => splitOf(l.conversation_id) === 'final').length);
  });
});
