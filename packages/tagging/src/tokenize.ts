/**
 * One pass over the text: lower-cased word tokens with character spans, contractions expanded into two tokens
 * that share the original span ("I'm" → i + am), punctuation kept as its own token. Sentences split at . ! ? and
 * at line breaks; spaCy-style split contractions ("do n't", "That 's") are handled the same way.
 *
 * The scanner is hand-written (it finds exactly what the regex
 * /[A-Za-z0-9]+(?:['’][A-Za-z]+)*|['’][A-Za-z]+|[.!?;:,]|--|…|\n/g finds, left to right) and looks plain words up in
 * a table of words already seen, keyed by their characters, so a known word costs no substring, no toLowerCase and
 * no Map hashing, and every token of the same word shares one string.
 */
export interface Tok {
  /** Normalised word ('i', 'am', 'not') or punctuation ('.', '?', ','). */
  w: string;
  s: number;
  e: number;
  /**
   * Phrase-start bits: bit k is set when this word starts a phrase of the codebook phrase index with `bit` k (see
   * `PhraseIndex` in ./codebook.ts); 0 when it starts none. Set only when tokenized with a codebook's phrase words.
   */
  p: number;
  /** Phrase-word id: which codebook phrase word this is (see `PhraseWords`), 0 for a word in no phrase. */
  i: number;
}

export interface Sentence {
  /** Token range [a, b), terminal punctuation excluded. */
  a: number;
  b: number;
  question: boolean;
}

/** A lookup table with no prototype: a word such as "constructor" or "toString" must not find Object.prototype members. */
function noProto<T>(o: Record<string, T>): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, o);
}

const SPLIT_SUFFIX: Record<string, string> = noProto({ "'m": 'am', "'re": 'are', "'ve": 'have', "'ll": 'will', "'d": 'would', "n't": 'not', "'s": "'s" });
const S_IS = new Set(['it', 'that', 'what', 'there', 'here', 'he', 'she', 'who', 'where', 'how', 'everything', 'this', 'nothing', 'something', 'everyone', 'life', 'today']);
/** Apostrophe-less spellings common in chat and ASR. */
const BARE: Record<string, string[]> = noProto({
  im: ['i', 'am'], ive: ['i', 'have'], dont: ['do', 'not'], didnt: ['did', 'not'], doesnt: ['does', 'not'], cant: ['can', 'not'],
  wont: ['will', 'not'], isnt: ['is', 'not'], wasnt: ['was', 'not'], arent: ['are', 'not'], werent: ['were', 'not'],
  havent: ['have', 'not'], hasnt: ['has', 'not'], couldnt: ['could', 'not'], shouldnt: ['should', 'not'], wouldnt: ['would', 'not'],
  youre: ['you', 'are'], shes: ['she', 'is'], thats: ['that', 'is'], whats: ['what', 'is'], theyre: ['they', 'are'], cannot: ['can', 'not'],
  idk: ['i', 'do', 'not', 'know'], gonna: ['going', 'to'], wanna: ['want', 'to'], gotta: ['got', 'to'], lets: ['let', 'us'],
  ain: ['is'], u: ['you'], ur: ['your'], ya: ['yeah'], yea: ['yeah'], yah: ['yeah'], okay: ['ok'], kinda: ['kind', 'of'], sorta: ['sort', 'of'],
});
const ITS_IS = new Set(['a', 'an', 'the', 'not', 'so', 'really', 'just', 'been', 'going', 'gonna', 'getting', 'good', 'ok', 'okay', 'alright', 'fine', 'hard', 'normal', 'important', 'best', 'better', 'worth', 'time', 'like', 'very', 'always', 'never', 'too', 'still', 'great', 'nice', 'true', 'all', 'about', 'only', 'natural', 'understandable', 'possible', 'easy', 'difficult', 'tough', 'fun', 'okay', 'sad', 'awful', 'terrible', 'pretty', 'kind', 'sort', 'because', 'my', 'your', 'me', 'you', 'what', 'how', 'hard', 'helpful', 'healthy', 'necessary', 'wise', 'smart']);
const NEXT_WORD_RE = /^[\s,]*([A-Za-z]+)/;
function nextWord(text: string, e: number): string {
  const m = NEXT_WORD_RE.exec(text.slice(e, e + 24));
  return m ? m[1]!.toLowerCase() : '';
}
const NT_BASE: Record<string, string> = noProto({ ca: 'can', wo: 'will', sha: 'shall', ai: 'is' });

/**
 * A codebook's phrase words: word → its id (`i`, ≥ 1) and the OR of the `bit`s of the phrase indexes that have a
 * phrase starting with it (`p`, 0 if none).
 */
export type PhraseWords = Map<string, { p: number; i: number }>;

// ---- word table: lower-cased word → one shared entry (open addressing, keyed by the characters) ----

interface Entry {
  /** The word, lower-cased; every token of this word gets this same string. */
  w: string;
  h: number;
  /** Apostrophe-less spelling expanded into several tokens ("dont" → do + not), else undefined. */
  bare: Entry[] | undefined;
  /** "its", which may stand for "it is" depending on the next word. */
  its: boolean;
  /** Phrase-start bits and phrase-word id cached for the `PhraseWords` in `ps`. */
  ps: PhraseWords | undefined;
  p: number;
  i: number;
}

/** Bound on the table (distinct words); past it unseen words are still tokenized, only not remembered. */
const MAX_WORDS = 1 << 16;
let cap = 1 << 12;
let table: (Entry | undefined)[] = new Array<Entry | undefined>(cap).fill(undefined);
let count = 0;

function hashStr(w: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), 0x01000193);
  return h;
}

function grow(): void {
  const old = table;
  cap *= 2;
  table = new Array<Entry | undefined>(cap).fill(undefined);
  const m = cap - 1;
  for (const en of old) {
    if (en === undefined) continue;
    let i = en.h & m;
    while (table[i] !== undefined) i = (i + 1) & m;
    table[i] = en;
  }
}

function insert(en: Entry): void {
  if ((count + 1) * 2 > cap) grow();
  const m = cap - 1;
  let i = en.h & m;
  while (table[i] !== undefined) i = (i + 1) & m;
  table[i] = en;
  count++;
}

/** The entry of a lower-cased word given as a string (created and remembered when new and there is room). */
function entryOf(w: string): Entry {
  const h = hashStr(w);
  const m = cap - 1;
  for (let i = h & m; ; i = (i + 1) & m) {
    const en = table[i];
    if (en === undefined) break;
    if (en.h === h && en.w === w) return en;
  }
  return newWord(w, h);
}

/** The entry of the word text[s, e) (ASCII letters and digits only), compared case-insensitively; undefined if not seen. */
function findWord(text: string, s: number, e: number, h: number): Entry | undefined {
  const m = cap - 1;
  const len = e - s;
  for (let i = h & m; ; i = (i + 1) & m) {
    const en = table[i];
    if (en === undefined) return undefined;
    if (en.h !== h || en.w.length !== len) continue;
    const w = en.w;
    let k = 0;
    for (; k < len; k++) {
      let c = text.charCodeAt(s + k);
      if (c >= 65 && c <= 90) c |= 32;
      if (w.charCodeAt(k) !== c) break;
    }
    if (k === len) return en;
  }
}

/** First sight of a plain word (no apostrophe): same decisions as for every later sighting, then remembered. */
function newWord(w: string, h: number): Entry {
  const its = w === 'its';
  const bare = BARE[w];
  let pieces: Entry[] | undefined;
  if (bare) {
    pieces = [];
    for (const b of bare) pieces.push(entryOf(b));
  }
  const en: Entry = { w, h, bare: pieces, its, ps: undefined, p: 0, i: 0 };
  if (count < MAX_WORDS) insert(en);
  return en;
}

function refresh(en: Entry, ps: PhraseWords | undefined): void {
  const x = ps === undefined ? undefined : ps.get(en.w);
  en.ps = ps;
  en.p = x === undefined ? 0 : x.p;
  en.i = x === undefined ? 0 : x.i;
}

/** A token whose word is not a plain table word (contraction pieces). */
function push(out: Tok[], w: string, s: number, e: number, ps: PhraseWords | undefined): void {
  const x = ps === undefined ? undefined : ps.get(w);
  out.push({ w, s, e, p: x === undefined ? 0 : x.p, i: x === undefined ? 0 : x.i });
}

function pushEntry(out: Tok[], en: Entry, s: number, e: number, ps: PhraseWords | undefined): void {
  if (en.ps !== ps) refresh(en, ps);
  out.push({ w: en.w, s, e, p: en.p, i: en.i });
}

// tokens with a fixed word: their entries (and cached phrase-start bits) made once
const DOT = entryOf('.');
const BANG = entryOf('!');
const QUESTION = entryOf('?');
const SEMI = entryOf(';');
const COLON = entryOf(':');
const COMMA = entryOf(',');
const IT = entryOf('it');
const IS = entryOf('is');
const NOT = entryOf('not');
const LET = entryOf('let');
const US = entryOf('us');

const isAlnum = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
const isLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const isApos = (c: number) => c === 39 || c === 0x2019;

/**
 * Tokens of `text`. With `starts` (a codebook's `phraseWords`) each token's `p` holds its phrase-start bits and
 * `i` its phrase-word id, otherwise both are 0.
 */
export function tokenize(text: string, starts?: PhraseWords): Tok[] {
  const out: Tok[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c0 = text.charCodeAt(i);
    if (isAlnum(c0)) {
      const s = i;
      let h = 0x811c9dc5 | 0;
      let c = c0;
      do {
        if (c >= 65 && c <= 90) c |= 32;
        h = Math.imul(h ^ c, 0x01000193);
        i++;
      } while (i < n && isAlnum((c = text.charCodeAt(i))));
      if (i + 1 < n && isApos(text.charCodeAt(i)) && isLetter(text.charCodeAt(i + 1))) {
        // word with an apostrophe: consume every ['’][A-Za-z]+ group, then the contraction rules
        do {
          i += 2;
          while (i < n && isLetter(text.charCodeAt(i))) i++;
        } while (i + 1 < n && isApos(text.charCodeAt(i)) && isLetter(text.charCodeAt(i + 1)));
        contraction(out, text, s, i, starts);
        continue;
      }
      const e = i;
      const en = findWord(text, s, e, h) ?? newWord(text.slice(s, e).toLowerCase(), h);
      // "its good to…" (chat spelling of it's): a copula follows when the next word cannot follow a possessive
      if (en.its && ITS_IS.has(nextWord(text, e))) {
        pushEntry(out, IT, s, e - 1, starts);
        pushEntry(out, IS, e - 1, e, starts);
        continue;
      }
      const bare = en.bare;
      if (bare !== undefined) for (const b of bare) pushEntry(out, b, s, e, starts);
      else pushEntry(out, en, s, e, starts);
      continue;
    }
    if (isApos(c0) && i + 1 < n && isLetter(text.charCodeAt(i + 1))) {
      // split-off contraction token: 'm 're n't 's
      const s = i;
      i += 2;
      while (i < n && isLetter(text.charCodeAt(i))) i++;
      const raw = text.slice(s, i);
      const suf = SPLIT_SUFFIX[raw.toLowerCase().replace('’', "'")];
      if (suf === "'s") {
        const prev = out[out.length - 1];
        push(out, prev && S_IS.has(prev.w) ? 'is' : "'s", s, i, starts);
      } else if (suf) push(out, suf, s, i, starts);
      continue;
    }
    switch (c0) {
      case 46: // .
        pushEntry(out, DOT, i, i + 1, starts);
        break;
      case 33: // !
        pushEntry(out, BANG, i, i + 1, starts);
        break;
      case 63: // ?
        pushEntry(out, QUESTION, i, i + 1, starts);
        break;
      case 59: // ;
        pushEntry(out, SEMI, i, i + 1, starts);
        break;
      case 58: // :
        pushEntry(out, COLON, i, i + 1, starts);
        break;
      case 44: // ,
        pushEntry(out, COMMA, i, i + 1, starts);
        break;
      case 10: // line break ends a sentence
        pushEntry(out, DOT, i, i + 1, starts);
        break;
      case 0x2026: // …
        pushEntry(out, COMMA, i, i + 1, starts);
        break;
      case 45: // --
        if (i + 1 < n && text.charCodeAt(i + 1) === 45) {
          pushEntry(out, COMMA, i, i + 2, starts);
          i += 2;
          continue;
        }
        break;
    }
    i++;
  }
  return out;
}

/** A word token text[s, e) with an apostrophe inside ("I'm", "don't", "mom's"). */
function contraction(out: Tok[], text: string, s: number, e: number, starts: PhraseWords | undefined): void {
  let w = text.slice(s, e).toLowerCase();
  if (w.indexOf('’') >= 0) w = w.replace(/’/g, "'");
  const ap = w.indexOf("'");
  if (w.endsWith("n't")) {
    let base = w.slice(0, -3);
    base = NT_BASE[base] ?? base;
    if (base === "n" || base === '') pushEntry(out, NOT, s, e, starts);
    else {
      push(out, base, s, e - 3, starts);
      pushEntry(out, NOT, e - 3, e, starts);
    }
    return;
  }
  const head = w.slice(0, ap);
  const tail = w.slice(ap);
  const suf = SPLIT_SUFFIX[tail];
  if (head === 'let' && tail === "'s") {
    pushEntry(out, LET, s, s + ap, starts);
    pushEntry(out, US, s + ap, e, starts);
  } else if (suf === "'s") {
    push(out, head, s, s + ap, starts);
    if (S_IS.has(head)) pushEntry(out, IS, s + ap, e, starts);
  } else if (suf) {
    push(out, head, s, s + ap, starts);
    push(out, suf, s + ap, e, starts);
  } else push(out, w.replace(/'/g, ''), s, e, starts);
}

/** Splits at terminal punctuation; a sentence is a question when it ends with '?'. */
export function sentences(toks: Tok[]): Sentence[] {
  const out: Sentence[] = [];
  let a = 0;
  for (let i = 0; i < toks.length; i++) {
    const w = toks[i]!.w;
    if (w === '.' || w === '!' || w === '?') {
      if (i > a) out.push({ a, b: i, question: w === '?' });
      else if (w === '?' && out.length > 0) out[out.length - 1]!.question = true;
      a = i + 1;
    }
  }
  if (a < toks.length) out.push({ a, b: toks.length, question: false });
  return out;
}
