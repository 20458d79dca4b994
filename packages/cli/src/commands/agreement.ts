/**
 * `dyadic agreement --input coded.jsonl [--json]`: tags human-coded utterances with the current codebook and prints
 * per tag {n, kappa, precision, recall, f1, confusion}. Lines: {id, conversation_id, turn, speaker, text,
 * human:{selfDisclosure?, emotion?, advice?, reciprocatedDisclosure?}}; a missing or null code is not scored.
 */
import { TAG_NAMES, addPair, emptyConfusion, score, type AgreementScore, type Confusion, type TagName } from '@dyadic/tagging';
import { UsageError } from '../errors.js';
import { parseFlags } from '../eval/flags.js';
import { inputError, parseLines, readInput, tagLines } from '../eval/jsonl.js';
import { codebookFromFlags } from './tag.js';

export async function run(argv: string[]): Promise<number> {
  const f = parseFlags(argv, ['input', 'window', 'extra'], ['json']);
  const input = f.values.input ?? f.positional[0];
  if (!input) throw new UsageError('usage: dyadic agreement --input coded.jsonl [--json]');
  const lines = parseLines(readInput(input), { keepRaw: true });
  lines.forEach((l, i) => {
    const h = l.raw?.human;
    if (h !== undefined && h !== null && (typeof h !== 'object' || Array.isArray(h))) throw inputError(`line ${i + 1}: "human" must be an object`);
  });
  const window = f.values.window !== undefined ? Number(f.values.window) : undefined;
  const tagged = tagLines(lines, codebookFromFlags(f.values.extra), window !== undefined ? { reciprocationWindow: window } : {});
  const conf = new Map<TagName, Confusion>(TAG_NAMES.map((t) => [t, emptyConfusion()]));
  lines.forEach((l, i) => {
    const human = (l.raw?.human ?? {}) as Record<string, unknown>;
    for (const t of TAG_NAMES) {
      const v = human[t];
      if (v === true || v === false) addPair(conf.get(t)!, v, tagged[i]!.tags[t]);
    }
  });
  const result: Partial<Record<TagName, AgreementScore>> = {};
  for (const t of TAG_NAMES) result[t] = score(conf.get(t)!);
  if (f.flags.has('json')) {
    process.stdout.write(JSON.stringify(result) + '\n');
    return 0;
  }
  const rows = ['tag                     n      kappa   P       R       F1      tp/fp/fn/tn'];
  for (const t of TAG_NAMES) {
    const s = result[t]!;
    const c = s.confusion;
    rows.push(`${t.padEnd(23)} ${String(s.n).padEnd(6)} ${s.kappa.toFixed(3)}   ${s.precision.toFixed(3)}   ${s.recall.toFixed(3)}   ${s.f1.toFixed(3)}   ${c.tp}/${c.fp}/${c.fn}/${c.tn}`);
  }
  process.stdout.write(rows.join('\n') + '\n');
  return 0;
}
