/**
 * Synthetic but realistic session transcripts for the benchmarks, made only from our own sentences: the labelled
 * tagging fixtures (packages/tagging/fixtures/labelled.jsonl), the dyad-07 e2e fixtures and a few lines written here.
 * Deterministic (seeded), so every run measures the same input.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface SentencePools {
  mentor: string[];
  mentee: string[];
}

const OWN_MENTOR = [
  'How did the bus ride go this week?',
  'I remember when I started my first job, I was scared too.',
  'You could write the steps on a card and keep it in your pocket.',
  'What was the best part of your weekend?',
  'I felt the same way when I moved to a new apartment.',
  'Maybe try asking your coach before the game starts.',
  'That sounds like a lot. How are you feeling about it?',
  'I love cooking pasta on Sundays with my sister.',
];
const OWN_MENTEE = [
  'I went to the store with my mom.',
  'I was really happy when I got paid.',
  'I do not like the loud room at work.',
  'My friend Sam came over and we played games.',
  'I felt worried about the test.',
  'Okay.',
  'Yeah, I think so.',
  'I want to learn to ride the train by myself.',
];

let cached: SentencePools | undefined;

export function sentencePools(): SentencePools {
  if (cached) return cached;
  const mentor = new Set(OWN_MENTOR);
  const mentee = new Set(OWN_MENTEE);
  for (const line of readFileSync(ROOT + 'packages/tagging/fixtures/labelled.jsonl', 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { speaker: string; text: string };
    if (r.speaker === 'mentor') mentor.add(r.text);
    else if (r.speaker === 'mentee') mentee.add(r.text);
  }
  for (const n of [1, 2, 3]) {
    for (const line of readFileSync(ROOT + `test/fixtures/dyad-07/session-${n}.txt`, 'utf8').split('\n')) {
      const m = /^(Mentor|Mentee):\s*(.+)$/.exec(line.trim());
      if (m) (m[1] === 'Mentor' ? mentor : mentee).add(m[2]!);
    }
  }
  cached = { mentor: [...mentor], mentee: [...mentee] };
  return cached;
}

import { prng as rng } from '../../test/helpers/prng.js';

export { rng };

/**
 * One session as `Mentor:`/`Mentee:` plain text with `turns` turns (alternating, so nothing merges). Sentences are
 * drawn in runs of 1–2 per turn from the pools; the first line names the session so every file is distinct.
 */
export function sessionText(seed: number, turns: number): string {
  const pools = sentencePools();
  const r = rng(seed * 2654435761 + 17);
  const pick = (xs: string[]) => xs[Math.floor(r() * xs.length)]!;
  const lines: string[] = [`Mentor: Hi, welcome to session ${seed}. How are you today?`];
  for (let i = 1; i < turns; i++) {
    const pool = i % 2 === 0 ? pools.mentor : pools.mentee;
    const text = r() < 0.3 ? `${pick(pool)} ${pick(pool)}` : pick(pool);
    lines.push(`${i % 2 === 0 ? 'Mentor' : 'Mentee'}: ${text}`);
  }
  return lines.join('\n') + '\n';
}

export interface BenchSession {
  dyad: string;
  sessionDate: string;
  filename: string;
  text: string;
  turns: number;
}

/** `count` sessions over `dyads` dyads (round-robin), weekly dates per dyad starting 2025-01-06. */
export function sessions(count: number, opts: { dyads: number; turns: number; seed?: number }): BenchSession[] {
  const out: BenchSession[] = [];
  const base = Date.UTC(2025, 0, 6);
  for (let i = 0; i < count; i++) {
    const d = i % opts.dyads;
    const week = Math.floor(i / opts.dyads);
    const date = new Date(base + week * 7 * 86_400_000).toISOString().slice(0, 10);
    out.push({
      dyad: `bench-${String(d).padStart(4, '0')}`,
      sessionDate: date,
      filename: `session-${i}.txt`,
      text: sessionText((opts.seed ?? 1) * 1_000_003 + i, opts.turns),
      turns: opts.turns,
    });
  }
  return out;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
