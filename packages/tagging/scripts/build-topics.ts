/**
 * Builds `codebook/v0.2/topics-wordnet.json`: everyday and rare nouns mapped onto the topic categories of
 * `topics.json`, so the same-topic test of §4.4 knows "rent" is money and "vaccine" is health without a hand-written
 * entry for every word. Each category has a few seed senses in WordNet 3.1 (SEEDS, by lemma and sense number); a noun
 * belongs to a category when a seed is its most frequent sense or a hypernym of it. Only the most frequent sense is
 * used, so "school" of fish does not count; proper names (instance nouns) get no topic. The hand lexicon wins where
 * both have a word.
 * Run: `pnpm build:topics` (writes the file; commit it). Nothing is downloaded. A test checks the committed file is
 * what this script builds.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WORDNET_LICENSE, nounSenses, nounSynsets } from './wordnet.js';

/** Category → seed senses (`lemma#n`, n = WordNet sense number). */
export const SEEDS: Record<string, string[]> = {
  school: ['educational_institution#1', 'school#3', 'course#1', 'student#1', 'teacher#1', 'examination#2', 'homework#1', 'education#1', 'educator#1', 'lesson#1', 'grade#3', 'classroom#1', 'academic_degree#1'],
  work: ['occupation#1', 'employment#1', 'employment#2', 'workplace#1', 'worker#1', 'employer#1', 'salary#1', 'job#2', 'career#1', 'business#1', 'workday#1', 'colleague#1', 'boss#1'],
  family: ['relative#1', 'kin#2', 'family#2', 'family#1', 'parent#1', 'offspring#1', 'child#2', 'sibling#1', 'grandparent#1'],
  friends: ['friend#1', 'friendship#1', 'acquaintance#2'],
  romance: ['spouse#1', 'lover#1', 'love_affair#1', 'marriage#1', 'marriage#3', 'date#3', 'boyfriend#1', 'girlfriend#2', 'divorce#1', 'breakup#1'],
  health: ['illness#1', 'disease#1', 'medicine#2', 'medicine#1', 'medical_practitioner#1', 'health_professional#1', 'hospital#1', 'symptom#1', 'injury#1', 'pain#1', 'inoculation#1', 'vaccine#1', 'medical_care#1', 'sleep#1', 'diet#1', 'exercise#1', 'therapy#1', 'health#2', 'ill_health#1'],
  disability: ['disability#1', 'mental_disorder#1'],
  money: ['money#1', 'money#2', 'debt#1', 'debt#2', 'payment#1', 'payment#2', 'cost#1', 'income#1', 'financial_loss#1', 'bank#1', 'monetary_unit#1', 'rent#1', 'bill#1', 'tax#1', 'price#2', 'fund#1', 'loan#1'],
  home: ['dwelling#1', 'housing#1', 'room#1', 'home#1', 'home#2', 'furniture#1', 'neighbor#1', 'landlord#1', 'housework#1'],
  transport: ['vehicle#1', 'public_transport#1', 'travel#1', 'transportation#3', 'driver#1', 'road#1', 'driving#1'],
  sports: ['sport#1', 'athlete#1', 'team#1', 'contest#1', 'sports_equipment#1', 'exercise#1'],
  hobbies: ['hobby#1', 'music#1', 'musical_instrument#1', 'art#1', 'game#1', 'video_game#1', 'book#1', 'reading#1', 'film#1', 'television#1', 'dancing#1', 'craft#1', 'pastime#1'],
  pets: ['pet#1', 'domestic_animal#1', 'dog#1', 'cat#1'],
  food: ['food#1', 'food#2', 'meal#1', 'beverage#1', 'cooking#1', 'dish#2', 'restaurant#1'],
  holiday: ['holiday#1', 'vacation#1', 'celebration#1', 'festival#1', 'party#2', 'birthday#1', 'gift#1'],
  grief: ['death#1', 'death#3', 'bereavement#1', 'funeral#1', 'grief#1', 'loss#1', 'grave#1'],
  conflict: ['conflict#1', 'quarrel#1', 'disagreement#1', 'fight#1', 'argument#1', 'bullying#1', 'abuse#1'],
  future: ['future#1', 'plan#1', 'goal#1', 'ambition#1'],
  pandemic: ['pandemic#1', 'epidemic#1', 'quarantine#1', 'virus#1', 'lockdown#1'],
};

export function buildTopics(): { license: string; notes: string; seeds: Record<string, string[]>; words: Record<string, string[]> } {
  const synsets = nounSynsets();
  const senses = nounSenses();
  const seedCats = new Map<string, string[]>();
  for (const [cat, list] of Object.entries(SEEDS)) {
    for (const seed of list) {
      const [lemma, n] = seed.split('#');
      const off = senses.get(lemma!)?.[Number(n) - 1];
      if (!off) throw new Error(`seed ${seed} is not in WordNet`);
      seedCats.set(off, [...(seedCats.get(off) ?? []), cat]);
    }
  }
  const ancestors = (off: string, out: Set<string>): Set<string> => {
    for (const h of synsets.get(off)?.hypernyms ?? []) if (!out.has(h)) ancestors(h, out.add(h));
    return out;
  };
  const words: Record<string, string[]> = {};
  for (const [lemma, offs] of [...senses].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (lemma.length < 3 || !/^[a-z]+$/.test(lemma)) continue;
    const cats = new Set<string>();
    for (const a of ancestors(offs[0]!, new Set([offs[0]!]))) for (const c of seedCats.get(a) ?? []) cats.add(c);
    if (cats.size > 0) words[lemma] = [...cats].sort();
  }
  return {
    license: WORDNET_LICENSE,
    notes: 'Noun → topic categories of topics.json, from WordNet 3.1 hypernyms of each noun\'s most frequent sense; seeds per category in `seeds`. Built by packages/tagging/scripts/build-topics.ts. The hand lexicon (topics.json) wins where both have a word.',
    seeds: SEEDS,
    words,
  };
}

export const TOPICS_FILE = new URL('../codebook/v0.2/topics-wordnet.json', import.meta.url);

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = buildTopics();
  writeFileSync(TOPICS_FILE, JSON.stringify(out) + '\n');
  console.log(`${Object.keys(out.words).length} words`);
}
