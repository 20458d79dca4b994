/**
 * Measured quality on the labelled fixture (fixtures/pii.jsonl, written by us): span-level recall per type and overall
 * (must be ≥ 0.95), precision (reported; ≥ 0.9 overall), and speed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { redact, PII_TYPES, type PiiType } from './index.js';

interface Labelled {
  keep: string[];
  known?: string[];
  text: string;
  spans: Array<{ type: PiiType; start: number; end: number }>;
}

const load = (name: string): Labelled[] =>
  readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Labelled);
const lines = load('pii.jsonl');

function score(lines: Labelled[]) {
  const per: Record<string, { gold: number; found: number; predicted: number; correct: number }> = {};
  for (const t of [...PII_TYPES, 'ALL']) per[t] = { gold: 0, found: 0, predicted: 0, correct: 0 };
  const misses: string[] = [];
  const falsePositives: string[] = [];
  for (const l of lines) {
    const { replacements } = redact(l.text, { keepNames: l.keep, ...(l.known ? { knownNames: l.known } : {}) });
    for (const g of l.spans) {
      per[g.type]!.gold++;
      per.ALL!.gold++;
      // Found = a replacement of the same type covers the whole labelled span (nothing of it leaks).
      if (replacements.some((r) => r.type === g.type && r.start <= g.start && r.end >= g.end)) {
        per[g.type]!.found++;
        per.ALL!.found++;
      } else misses.push(`${g.type} "${l.text.slice(g.start, g.end)}" in: ${l.text}`);
    }
    for (const r of replacements) {
      per[r.type]!.predicted++;
      per.ALL!.predicted++;
      if (l.spans.some((g) => g.type === r.type && r.start < g.end && g.start < r.end)) {
        per[r.type]!.correct++;
        per.ALL!.correct++;
      } else falsePositives.push(`${r.type} "${l.text.slice(r.start, r.end)}" in: ${l.text}`);
    }
  }
  return { per, misses, falsePositives };
}

describe('labelled fixture', () => {
  it('is well formed: spans inside the text, ≥ 150 lines with PII, ≥ 250 spans, ≥ 100 lines without', () => {
    let spans = 0;
    for (const l of lines) {
      for (const s of l.spans) {
        expect(s.start).toBeGreaterThanOrEqual(0);
        expect(s.end).toBeLessThanOrEqual(l.text.length);
        expect(s.end).toBeGreaterThan(s.start);
        expect(PII_TYPES).toContain(s.type);
      }
      spans += l.spans.length;
    }
    expect(lines.filter((l) => l.spans.length > 0).length).toBeGreaterThanOrEqual(150);
    expect(lines.filter((l) => l.spans.length === 0).length).toBeGreaterThanOrEqual(100);
    expect(spans).toBeGreaterThanOrEqual(250);
    for (const t of PII_TYPES) expect(lines.some((l) => l.spans.some((s) => s.type === t))).toBe(true);
  });

  it('finds ≥ 95 % of the labelled spans (per type reported), with precision ≥ 0.9', () => {
    const { per, misses, falsePositives } = score(lines);
    const table = Object.entries(per).map(
      ([t, s]) => `${t.padEnd(8)} gold ${String(s.gold).padStart(3)}  recall ${(s.found / Math.max(1, s.gold)).toFixed(3)}  precision ${(s.correct / Math.max(1, s.predicted)).toFixed(3)}`,
    );
    console.log(`redaction on fixtures/pii.jsonl\n${table.join('\n')}\nmisses:\n  ${misses.join('\n  ')}\nfalse positives:\n  ${falsePositives.join('\n  ')}`);
    const all = per.ALL!;
    expect(all.found / all.gold).toBeGreaterThanOrEqual(0.95);
    expect(all.correct / all.predicted).toBeGreaterThanOrEqual(0.9);
    // No type may be left far behind the overall figure.
    for (const t of PII_TYPES) expect(per[t]!.found / per[t]!.gold, t).toBeGreaterThanOrEqual(0.85);
  });

  it('held-out lines (written after the rules) keep recall ≥ 0.85 and precision ≥ 0.9', () => {
    const { per, misses } = score(load('pii-holdout.jsonl'));
    const all = per.ALL!;
    console.log(`held-out: recall ${(all.found / all.gold).toFixed(3)} of ${all.gold}, precision ${(all.correct / Math.max(1, all.predicted)).toFixed(3)}\n  ${misses.join('\n  ')}`);
    expect(all.found / all.gold).toBeGreaterThanOrEqual(0.85);
    expect(all.correct / all.predicted).toBeGreaterThanOrEqual(0.9);
  });

  it('never redacts the dyad’s own names in the fixture', () => {
    for (const l of lines) {
      const { replacements } = redact(l.text, { keepNames: l.keep });
      for (const r of replacements) {
        const s = l.text.slice(r.start, r.end).toLowerCase();
        if (r.type === 'NAME') for (const k of l.keep.flatMap((n) => n.toLowerCase().split(' '))) expect(s.split(/\s+/)).not.toContain(k);
      }
    }
  });

  // Speed is reported here for information; it is not asserted (timed assertions are flaky on shared CI machines).
  it('redacts megabytes of transcript-like text and reports its speed', () => {
    // Real transcripts: mostly ordinary talk, some PII. Mix the fixture's lines (1 in 4) with plain session text.
    const plain = readFileSync(new URL('../../../test/fixtures/dyad-07/session-1.txt', import.meta.url), 'utf8')
      .split('\n')
      .map((l) => l.replace(/^\w+:\s*/, ''))
      .filter(Boolean);
    const mixed: string[] = [];
    for (let i = 0; mixed.join('\n').length < 300_000; i++) {
      mixed.push(plain[i % plain.length]!, plain[(i + 3) % plain.length]!, plain[(i + 5) % plain.length]!, lines[i % lines.length]!.text);
    }
    const chunk = mixed.join('\n');
    const big = chunk.repeat(Math.ceil((2 * 1024 * 1024) / chunk.length));
    redact(big.slice(0, 200_000), { keepNames: ['Maya Lopez', 'Jordan'] }); // warm up
    // Best of three: the CI machine is shared, a single run measures the neighbours as much as the code.
    let best = 0;
    let found = 0;
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      found = redact(big, { keepNames: ['Maya Lopez', 'Jordan'] }).replacements.length;
      best = Math.max(best, big.length / 1024 / 1024 / ((performance.now() - t0) / 1000));
    }
    const t1 = performance.now();
    const dense = lines.map((l) => l.text).join('\n').repeat(20);
    redact(dense, { keepNames: ['Maya Lopez', 'Jordan'] });
    const denseRate = dense.length / 1024 / 1024 / ((performance.now() - t1) / 1000);
    console.log(`redaction speed: ${best.toFixed(1)} MB/s on ${(big.length / 1024 / 1024).toFixed(1)} MB of transcript-like text; ${denseRate.toFixed(1)} MB/s on PII-dense fixture lines`);
    expect(found).toBeGreaterThan(0);
    expect(best).toBeGreaterThan(0);
  });
});
