/** Shared pieces of the rule layer: result types, phrase matching, word classes used by several tags. */
import type { EmotionEntry, PhraseIndex } from './codebook.js';
import type { AdviceForm, EmotionTerm } from './types.js';
import { sentences, type Sentence, type Tok } from './tokenize.js';

export interface Span {
  s: number;
  e: number;
  rule: string;
}
export interface AdviceSpan extends Span {
  form: AdviceForm;
  sentence: number;
}

export interface Analysis {
  toks: Tok[];
  sents: Sentence[];
  words: number;
  /** Every word is a back-channel token (decided finally in the sequence layer: answers are not back-channels). */
  backchannelOnly: boolean;
  sd: Span[];
  /** SD came only from sentences that react to the listener ("I'm worried about you", "proud of you"). */
  sdListenerOnly: boolean;
  emotion: Span[];
  emotionTerms: EmotionTerm[];
  /** Parallel to emotionTerms: token index and lexicon entry (engine-internal). */
  termIdx: number[];
  termEntry: EmotionEntry[];
  /** Weak feeling words (good, bad…) in non-question sentences, usable as an answer to a feeling question. */
  weakFeeling: Span | undefined;
  advice: AdviceSpan[];
  transfer: Span | undefined;
  transferToListener: boolean;
  explicitLink: Span | undefined;
  hasQuestion: boolean;
  firstIsQuestion: boolean;
  /** A question or reflection about the listener ("Do you…?", "So you're nervous…"). */
  personal: boolean;
  /** That question/reflection names a feeling (or asks how the listener feels). */
  feeling: boolean;
  /** Only a greeting question ("How are you?"), or a question about the call itself. */
  greetingOrLogisticsQ: boolean;
  greetingFormula: Span | undefined;
  negativeAnswer: boolean;
  dontKnow: boolean;
  /** Imperative evidence in the first sentence of a short answer (suppressed when it answers a question). */
  firstSentenceWords: number;
  pastTense: boolean;
  scripted: boolean;
  empathy: boolean;
  topics: Set<string>;
  content: Set<string>;
}

export const SELF = new Set(['i', 'me', 'we', 'us', 'myself', 'ourselves']);
/** Every first-person word, possessives included. */
export const FIRST_PERSON = new Set(['i', 'me', 'my', 'we', 'us', 'our', 'myself', 'mine']);
export const OTHER = new Set(['you', 'he', 'she', 'they', 'him', 'her', 'them', 'his', 'their', 'your', 'yourself', 'people', 'everyone', 'everybody', 'someone', 'somebody', 'nobody', 'kids', 'guys']);
export const IT = new Set(['it', 'that', 'this', 'which', 'what']);
export const SUBJECTS = new Set(['i', 'we', 'you', 'he', 'she', 'they', 'it', 'that', 'this', 'there', 'me']);
export const HARD_BREAK = new Set([',', ';', ':']);
export const ADVERBS = new Set(['just', 'really', 'also', 'maybe', 'probably', 'definitely', 'totally', 'still', 'always', 'actually', 'honestly', 'all', 'both', 'guys', 'even', 'then', 'too', 'perhaps', 'possibly', 'certainly', 'sometimes']);
export function matchAt<T>(idx: PhraseIndex<T>, toks: Tok[], i: number, end: number): { len: number; value: T } | undefined {
  const t = toks[i]!;
  if ((t.p & idx.bit) === 0 || i >= end) return undefined;
  let node = idx.roots[t.i];
  if (node === undefined) return undefined;
  // walk the trie as far as the tokens (before `end`) follow it; the deepest phrase end passed is the longest match
  let best = node.len > 0 ? node : undefined;
  for (let j = i + 1; j < end && node.next !== undefined; j++) {
    // (id 0: a word in no phrase, never a key)
    node = node.next.get(toks[j]!.i);
    if (node === undefined) break;
    if (node.len > 0) best = node;
  }
  return best === undefined ? undefined : { len: best.len, value: best.value as T };
}

export function findPhrase<T>(idx: PhraseIndex<T>, toks: Tok[], a: number, b: number): { i: number; len: number } | undefined {
  const bit = idx.bit;
  for (let i = a; i < b; i++) {
    if ((toks[i]!.p & bit) === 0) continue;
    const m = matchAt(idx, toks, i, b);
    if (m) return { i, len: m.len };
  }
  return undefined;
}

export const isPunct = (w: string) => w === ',' || w === ';' || w === ':' || w === '.' || w === '!' || w === '?';

export const MENTAL = new Set(['think', 'guess', 'believe', 'suppose', 'mean', 'know', 'understand', 'hope', 'bet', 'wonder', 'sense', 'imagine', 'agree', 'trust', 'doubt', 'feel', 'realize', 'see', 'hear', 'sure']);
