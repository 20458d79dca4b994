/**
 * Loads the versioned codebook data (packages/tagging/codebook/v0.2/*.json) and compiles it once into Sets, Maps and
 * a phrase index, so the engine does only lookups on the hot path. The engine never reads files itself: the
 * compiled `Codebook` object is its whole input besides the utterances.
 */
import { readFileSync } from 'node:fs';
import type { PhraseWords } from './tokenize.js';
import type { Valence } from './types.js';

export const CODEBOOK_VERSION = '0.2.0';

/**
 * A program's own terms, added without code changes. Every key is optional; words are lower-cased, multi-word
 * entries are matched as phrases.
 * - `emotion`: category → words (a new category gets `neutral` valence unless `emotionValence` names it).
 * - `advice`: `imperativeVerbs` (base forms that start an imperative) and `phrases` (suggestion phrases).
 * - `topics`: topic category → words, for the reciprocation same-topic test.
 * - `backchannels`: extra back-channel tokens.
 */
export interface ExtraDictionary {
  emotion?: Record<string, string[]>;
  emotionValence?: Record<string, Valence>;
  advice?: { imperativeVerbs?: string[]; phrases?: string[] };
  topics?: Record<string, string[]>;
  backchannels?: string[];
}

export interface EmotionEntry {
  category: string;
  valence: Valence;
  /** Context-dependent word (good, bad, fine…): counts only after a feeling verb or as an answer to a feeling question. */
  weak: boolean;
  /** Politeness formula (sorry, thanks): recorded, never the speaker's emotion. */
  formulaic: boolean;
  /** Difficulty phrase (§4.5.1). */
  difficulty: boolean;
}

/**
 * Phrase index: first token → candidate token sequences (longest first). `bit` is this index's bit in the tokens'
 * phrase-start bits (`Tok.p`, from the codebook's `phraseWords`): a token without it starts no phrase here.
 */
export interface PhraseIndex<T> extends Map<string, { toks: string[]; value: T }[]> {
  bit: number;
  /**
   * The same phrases as a trie on their tokens, for matching (see `matchAt`): the root for each first token, by the
   * token's phrase-word id (`Tok.i`, from the codebook's `phraseWords`).
   */
  roots: (PhraseNode<T> | undefined)[];
}

/** A trie node: the phrase that ends here (`len` tokens, or 0 if none does) and the tokens (by id) that can follow. */
export interface PhraseNode<T> {
  len: number;
  value: T | undefined;
  next: Map<number, PhraseNode<T>> | undefined;
}

export interface Windows {
  reciprocationTurns: number;
  maxLagSeconds: number;
  mentorResponseTurns: number;
  ellipsisMaxTokens: number;
  fragmentMaxTokens: number;
}

export interface Codebook {
  version: string;
  windows: Windows;
  rules: Record<string, string>;
  emotionWords: Map<string, EmotionEntry>;
  emotionPhrases: PhraseIndex<EmotionEntry>;
  /** Words that need a copula or feeling verb right before them to mean an emotion (down, alone, hurt…). */
  needsCopula: Set<string>;
  sets: {
    backchannel: Set<string>;
    negators: Set<string>;
    clauseBreakers: Set<string>;
    intensifiers: Set<string>;
    copulas: Set<string>;
    feelVerbs: Set<string>;
    discourse: Set<string>;
    questionStarters: Set<string>;
    yesNoOnly: Set<string>;
    imperativeVerbs: Set<string>;
    /** Mostly-verb words from WordNet (verbs.json): a clause-initial one may open an imperative. */
    verbs: Set<string>;
    youModals: Set<string>;
    youModalsNeedVerb: Set<string>;
    personalQ: Set<string>;
    otherSubject: Set<string>;
    selfAfterMe: Set<string>;
    stopwords: Set<string>;
  };
  notImperativeAfter: Map<string, Set<string>>;
  phrases: {
    negationExceptions: PhraseIndex<true>;
    possessiveNot: PhraseIndex<true>;
    acknowledgement: PhraseIndex<true>;
    greeting: PhraseIndex<true>;
    logistics: PhraseIndex<true>;
    commitment: PhraseIndex<true>;
    hypothetical: PhraseIndex<true>;
    maxims: PhraseIndex<true>;
    encouragement: PhraseIndex<true>;
    imperativeOpeners: PhraseIndex<true>;
    suggestionQ: PhraseIndex<true>;
    permission: PhraseIndex<true>;
    conditional: PhraseIndex<true>;
    transfer: PhraseIndex<true>;
    explicitLink: PhraseIndex<true>;
    empathy: PhraseIndex<true>;
    scripted: PhraseIndex<true>;
    callLogistics: PhraseIndex<true>;
    feelingQ: PhraseIndex<true>;
    greetingQ: PhraseIndex<true>;
    adviceRequest: PhraseIndex<true>;
    adviceSeeking: PhraseIndex<true>;
    extraAdvice: PhraseIndex<true>;
  };
  /** word → topic categories. */
  topics: Map<string, string[]>;
  /**
   * Every word of every phrase → its id (`Tok.i`) and the OR of the `bit`s of the indexes with a phrase starting
   * with it (`Tok.p`), for `tokenize`.
   */
  phraseWords: PhraseWords;
}

const DATA_DIR = new URL('../codebook/v0.2/', import.meta.url);

function readJson<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, DATA_DIR), 'utf8')) as T;
}

interface RawLexicon {
  categories: Record<string, { valence: Valence; terms: string[] }>;
  weak: { positive: string[]; negative: string[] };
  phrases: { phrase: string; category: string; valence: Valence }[];
  difficulty: string[];
  formulaic: string[];
}
interface RawManifest {
  codebookVersion: string;
  windows: Windows;
}
type RawCues = Record<string, unknown>;

let rawCache: { manifest: RawManifest; lexicon: RawLexicon; cues: RawCues; topics: { categories: Record<string, string[]>; stopwords: string[] }; backchannels: { tokens: string[] }; rules: { rules: { id: string; description: string }[] }; verbs: { verbs: string[] }; topicsWordnet: { words: Record<string, string[]> } } | undefined;

function raw() {
  rawCache ??= {
    manifest: readJson<RawManifest>('manifest.json'),
    lexicon: readJson<RawLexicon>('emotion-lexicon.json'),
    cues: readJson<RawCues>('cues.json'),
    topics: readJson('topics.json'),
    backchannels: readJson('backchannels.json'),
    rules: readJson('rules.json'),
    verbs: readJson('verbs.json'),
    topicsWordnet: readJson('topics-wordnet.json'),
  };
  return rawCache;
}

/** Same normalisation as the tokenizer, so phrases written in plain English match expanded contractions. */
export function normalisePhrase(p: string): string[] {
  return p
    .toLowerCase()
    .replace(/[’']/g, "'")
    .replace(/-/g, ' ')
    .replace(/\blet's\b/g, 'let us')
    .replace(/\bcan't\b/g, 'can not')
    .replace(/\bwon't\b/g, 'will not')
    .replace(/n't\b/g, ' not')
    .replace(/'m\b/g, ' am')
    .replace(/'re\b/g, ' are')
    .replace(/'ve\b/g, ' have')
    .replace(/'ll\b/g, ' will')
    .replace(/'d\b/g, ' would')
    .replace(/\b(it|that|what|there|here|he|she|who)'s\b/g, '$1 is')
    .split(/\s+/)
    .filter((t) => t.length > 0 && t !== '?');
}

function phraseIndex<T>(words: PhraseWords, list: Iterable<[string, T]>): PhraseIndex<T> {
  const idx = new Map() as PhraseIndex<T>;
  // every bit until compile() gives the index its own (a token that starts any phrase is then a candidate)
  idx.bit = -1;
  for (const [p, value] of list) {
    const toks = normalisePhrase(p);
    const first = toks[0];
    if (first === undefined) continue;
    let arr = idx.get(first);
    if (!arr) idx.set(first, (arr = []));
    arr.push({ toks, value });
  }
  for (const arr of idx.values()) arr.sort((a, b) => b.toks.length - a.toks.length);
  // The trie answers as the candidate lists do: the longest phrase that matches, and among equal phrases the first
  // listed (the longest-first sort is stable).
  const id = (w: string): number => {
    let x = words.get(w);
    if (!x) words.set(w, (x = { p: 0, i: words.size + 1 }));
    return x.i;
  };
  idx.roots = [];
  for (const [first, arr] of idx) {
    const root: PhraseNode<T> = { len: 0, value: undefined, next: undefined };
    idx.roots[id(first)] = root;
    for (const c of [...arr].reverse()) {
      let node = root;
      for (let j = 1; j < c.toks.length; j++) {
        node.next ??= new Map();
        const k = id(c.toks[j]!);
        let child = node.next.get(k);
        if (!child) node.next.set(k, (child = { len: 0, value: undefined, next: undefined }));
        node = child;
      }
      // reversed order: an earlier phrase with the same tokens overwrites a later one
      node.len = c.toks.length;
      node.value = c.value;
    }
  }
  return idx;
}

const asTrue = (l: unknown): Iterable<[string, true]> => ((l as string[] | undefined) ?? []).map((p) => [p, true] as [string, true]);

function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

const cache = new Map<string, Codebook>();

/**
 * Returns the compiled codebook. Only v0.2 ships; asking for another version throws. With `extraTerms` the version
 * becomes `0.2.0+custom.<fnv1a of the canonical extras>`, so tagged output stays traceable to the dictionary used.
 */
export function loadCodebook(opts: { version?: string; extraTerms?: ExtraDictionary } = {}): Codebook {
  const r = raw();
  if (opts.version !== undefined && !r.manifest.codebookVersion.startsWith(opts.version.replace(/^v/, ''))) {
    throw new Error(`codebook version ${opts.version} is not available (have ${r.manifest.codebookVersion})`);
  }
  const extras = opts.extraTerms;
  const hasExtras = extras !== undefined && Object.keys(extras).length > 0;
  const key = hasExtras ? canonical(extras) : '';
  const hit = cache.get(key);
  if (hit) return hit;
  const version = hasExtras ? `${r.manifest.codebookVersion}+custom.${fnv1a(key)}` : r.manifest.codebookVersion;
  const cb = compile(r, version, extras);
  cache.set(key, cb);
  return cb;
}

function compile(r: NonNullable<typeof rawCache>, version: string, extras: ExtraDictionary | undefined): Codebook {
  const c = r.cues;
  const set = (k: string) => new Set(((c[k] as string[] | undefined) ?? []).map((w) => w.toLowerCase()));
  const emotionWords = new Map<string, EmotionEntry>();
  const emoPhrases: [string, EmotionEntry][] = [];
  const categoryValence = new Map<string, Valence>();
  const addEmotion = (term: string, e: EmotionEntry) => {
    const toks = normalisePhrase(term);
    if (toks.length === 1 && toks[0] !== undefined) emotionWords.set(toks[0], e);
    else if (toks.length > 1) emoPhrases.push([toks.join(' '), e]);
  };
  const base = { weak: false, formulaic: false, difficulty: false };
  for (const [category, { valence, terms }] of Object.entries(r.lexicon.categories)) {
    categoryValence.set(category, valence);
    for (const t of terms) addEmotion(t, { category, valence, ...base });
  }
  for (const t of r.lexicon.weak.positive) addEmotion(t, { category: 'general', valence: 'positive', ...base, weak: true });
  for (const t of r.lexicon.weak.negative) addEmotion(t, { category: 'general', valence: 'negative', ...base, weak: true });
  for (const p of r.lexicon.phrases) addEmotion(p.phrase, { category: p.category, valence: p.valence, ...base });
  for (const p of r.lexicon.difficulty) addEmotion(p, { category: 'difficulty', valence: 'negative', ...base, difficulty: true });
  for (const t of r.lexicon.formulaic) addEmotion(t, { category: 'formula', valence: 'neutral', ...base, formulaic: true });
  for (const [category, terms] of Object.entries(extras?.emotion ?? {})) {
    const valence = extras?.emotionValence?.[category] ?? categoryValence.get(category) ?? 'neutral';
    for (const t of terms) addEmotion(t, { category, valence, ...base });
  }

  const topics = new Map<string, string[]>();
  const addTopic = (cat: string, w: string) => {
    const k = w.toLowerCase();
    const arr = topics.get(k);
    if (!arr) topics.set(k, [cat]);
    else if (!arr.includes(cat)) arr.push(cat);
  };
  for (const [cat, words] of Object.entries(r.topics.categories)) for (const w of words) addTopic(cat, w);
  // WordNet-derived nouns (topics-wordnet.json) fill in where the hand lexicon has no entry
  for (const [w, cats] of Object.entries(r.topicsWordnet.words)) if (!topics.has(w)) for (const c of cats) addTopic(c, w);
  for (const [cat, words] of Object.entries(extras?.topics ?? {})) for (const w of words) addTopic(cat, w);
  // Emotion families double as topics (§4.5.8: "both are stress").
  const emoFamily: Record<string, string> = { fear: 'worry', anxiety: 'worry', stress: 'worry', sadness: 'sad', loneliness: 'sad', hurt: 'sad', anger: 'anger', frustration: 'anger', shame: 'shame', boredom: 'boredom', difficulty: 'worry' };
  for (const [w, e] of emotionWords) {
    const fam = Object.hasOwn(emoFamily, e.category) ? emoFamily[e.category] : undefined;
    if (fam && !e.weak && !e.formulaic) addTopic(`feeling:${fam}`, w);
  }

  const notImp = new Map<string, Set<string>>();
  for (const [k, v] of Object.entries((c.notImperativeAfter as Record<string, string[]>) ?? {})) notImp.set(k, new Set(v));

  const imperativeVerbs = set('imperativeVerbs');
  for (const v of extras?.advice?.imperativeVerbs ?? []) imperativeVerbs.add(v.toLowerCase());
  const backchannel = new Set(r.backchannels.tokens.map((t) => t.toLowerCase()));
  for (const t of extras?.backchannels ?? []) backchannel.add(t.toLowerCase());

  const rules: Record<string, string> = {};
  for (const rule of r.rules.rules) rules[rule.id] = rule.description;

  const words: PhraseWords = new Map();
  const phrases: Codebook['phrases'] = {
      negationExceptions: phraseIndex(words, asTrue(c.negationExceptions)),
      possessiveNot: phraseIndex(words, asTrue(c.possessiveNotDisclosure)),
      acknowledgement: phraseIndex(words, asTrue(c.acknowledgementFrames)),
      greeting: phraseIndex(words, asTrue(c.greetingFormulae)),
      logistics: phraseIndex(words, asTrue(c.logisticsFrames)),
      commitment: phraseIndex(words, asTrue(c.commitmentFrames)),
      hypothetical: phraseIndex(words, asTrue(c.adviceFrameHypothetical)),
      maxims: phraseIndex(words, asTrue(c.adviceMaxims)),
      encouragement: phraseIndex(words, asTrue(c.encouragement)),
      imperativeOpeners: phraseIndex(words, asTrue(c.imperativeOpeners)),
      suggestionQ: phraseIndex(words, asTrue(c.suggestionQuestions)),
      permission: phraseIndex(words, asTrue(c.permissionAsking)),
      conditional: phraseIndex(words, asTrue(c.conditionalOpeners)),
      transfer: phraseIndex(words, asTrue(c.transferPhrases)),
      explicitLink: phraseIndex(words, asTrue(c.explicitLink)),
      empathy: phraseIndex(words, asTrue(c.empathyFrames)),
      scripted: phraseIndex(words, asTrue(c.scriptedCues)),
      callLogistics: phraseIndex(words, asTrue(c.callLogisticsQuestion)),
      feelingQ: phraseIndex(words, asTrue(c.feelingQuestionCues)),
      greetingQ: phraseIndex(words, asTrue(c.greetingQuestions)),
      adviceRequest: phraseIndex(words, asTrue(c.adviceRequestQuestions)),
      adviceSeeking: phraseIndex(words, asTrue(c.adviceSeekingQuestions)),
      extraAdvice: phraseIndex(words, asTrue(extras?.advice?.phrases ?? [])),
  };
  const emotionPhrases = phraseIndex(words, emoPhrases);
  // one bit per index (indexes past the 31st share bit 30: their tokens are still looked up, only less often skipped)
  const indexes: PhraseIndex<unknown>[] = [emotionPhrases, ...(Object.values(phrases) as PhraseIndex<unknown>[])];
  indexes.forEach((idx, n) => {
    idx.bit = 1 << Math.min(n, 30);
    for (const k of idx.keys()) words.get(k)!.p |= idx.bit;
    // dense roots, one slot per word id (a token's id always indexes inside the array)
    for (let k = 0; k <= words.size; k++) idx.roots[k] ??= undefined;
  });

  return {
    version,
    phraseWords: words,
    windows: { ...r.manifest.windows },
    rules,
    emotionWords,
    emotionPhrases,
    needsCopula: new Set(['relax', 'concerning', 'down', 'blue', 'alone', 'hurt', 'hurting', 'safe', 'comfortable', 'calm', 'calmer', 'content', 'relaxed', 'lost', 'tense', 'awkward', 'crushed', 'burnt', 'drained', 'exhausted', 'concerned', 'insecure', 'isolated', 'confident', 'blessed', 'pleased', 'amazed', 'accomplished', 'empty', 'numb', 'low', 'broken', 'defeated', 'abandoned', 'excluded', 'disconnected', 'shaken', 'troubled', 'shaky', 'torn', 'satisfied', 'restless', 'reassured', 'swamped', 'fond']),
    sets: {
      backchannel,
      negators: set('negators'),
      clauseBreakers: set('clauseBreakers'),
      intensifiers: set('intensifiers'),
      copulas: set('copulas'),
      feelVerbs: set('feelVerbs'),
      discourse: set('discourseMarkers'),
      questionStarters: set('questionStarters'),
      yesNoOnly: set('yesNoAnswerOnly'),
      imperativeVerbs,
      verbs: new Set(r.verbs.verbs),
      youModals: set('youModals'),
      youModalsNeedVerb: set('youModalsNeedVerb'),
      personalQ: set('personalQuestionCues'),
      otherSubject: set('otherSubject'),
      selfAfterMe: set('selfVerbsAfterMe'),
      stopwords: new Set(r.topics.stopwords),
    },
    notImperativeAfter: notImp,
    phrases,
    topics,
  };
}
