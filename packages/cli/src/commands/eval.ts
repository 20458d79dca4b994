/**
 * `dyadic eval --data <dir|file> [--out eval-results.json] [--source s] [--split tune|check|final|check2|all]
 *   [--errors <tag> [--limit n]] [--window n]`
 * Prints P/R/F1/κ per source × tag, writes the same as JSON, optionally lists one tag's false positives/negatives.
 */
import { writeFileSync } from 'node:fs';
import { TAG_NAMES, type TagName } from '@dyadic/tagging';
import { UsageError } from '../errors.js';
import { evaluate, formatTable, readEvalData } from '../eval/harness.js';
import { parseFlags } from '../eval/flags.js';

export async function run(argv: string[]): Promise<number> {
  const f = parseFlags(argv, ['data', 'out', 'source', 'split', 'errors', 'limit', 'window'], ['json']);
  const data = f.values.data ?? f.positional[0];
  if (!data) throw new UsageError('usage: dyadic eval --data <dir|file.jsonl> [--out file] [--source s] [--split tune|check|final|check2|all] [--errors <tag>] [--limit n]');
  const split = f.values.split ?? 'all';
  if (split !== 'all' && split !== 'tune' && split !== 'check' && split !== 'final' && split !== 'check2') throw new UsageError('--split must be tune, check, final, check2 (old check half) or all');
  // the final split is held out: its errors are never listed
  if (split === 'final' && f.values.errors) throw new UsageError('--errors is not available on the held-out final split');
  const errorsFor = f.values.errors as TagName | undefined;
  if (errorsFor && !TAG_NAMES.includes(errorsFor)) throw new UsageError(`--errors must be one of ${TAG_NAMES.join(', ')}`);
  const limit = f.values.limit ? Number(f.values.limit) : 50;
  const window = f.values.window ? Number(f.values.window) : undefined;
  const lines = readEvalData(data);
  const opts: Parameters<typeof evaluate>[1] = { split };
  if (f.values.source) opts.source = f.values.source;
  if (errorsFor) opts.errorsFor = errorsFor;
  if (window !== undefined) opts.reciprocationWindow = window;
  const result = evaluate(lines, opts);
  const out = f.values.out ?? 'eval-results.json';
  writeFileSync(out, JSON.stringify({ codebookVersion: result.codebookVersion, split: result.split, scores: result.scores }, null, 2) + '\n');
  if (f.flags.has('json')) process.stdout.write(JSON.stringify(result.scores, null, 2) + '\n');
  else process.stdout.write(`codebook ${result.codebookVersion}, split ${result.split}\n` + formatTable(result.scores));
  if (errorsFor) {
    const errs = result.errors[errorsFor] ?? [];
    process.stdout.write(`\n${errs.length} errors for ${errorsFor}${errs.length > limit ? ` (first ${limit})` : ''}:\n`);
    for (const e of errs.slice(0, limit)) {
      process.stdout.write(`\n[${e.kind.toUpperCase()}] ${e.source} ${e.conversation_id} #${e.turn} ${e.speaker}\n`);
      if (e.previous !== undefined) process.stdout.write(`  prev: ${e.previous.slice(0, 200)}\n`);
      process.stdout.write(`  text: ${e.text}\n`);
      for (const ev of e.evidence) process.stdout.write(`  evidence: ${ev.rule} "${e.text.slice(ev.start, ev.end)}"\n`);
      if (e.note) process.stdout.write(`  note: ${e.note}\n`);
    }
  }
  return 0;
}
