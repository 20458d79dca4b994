/**
 * One regex pass over the text: lower-cased word tokens with character spans, contractions expanded into two tokens
 * that share the original span ("I'm" → i + am), punctuation kept as its own token. Sentences split at . ! ? and
 * at line breaks; spaCy-style split contractions ("do n't", "That 's") are handled the same way.
 */
export interface Tok {
  /** Normalised word ('i', 'am', 'not') or punctuation ('.', '?', ','). */
  w: string;
  s: number;
  e: number;
  /**
   * Phrase-start bits, set by the engine: bit k is set when this word starts a phrase of the codebook phrase index
   * with `bit` k (see `PhraseIndex` in ./codebook.ts); 0 when it starts none.
   */
  p: number;
}

export interface Sentence {
  /** Token range [a, b), terminal punctuation excluded. */
  a: number;
  b: number;
  question: boolean;
}

const TOKEN_RE = /[A-Za-z0-9]+(?:['’][A-Za-z]+)*|['’][A-Za-z]+|[.!?;:,]|--|…|\n/g;

const SPLIT_SUFFIX: Record<string, string> = { "'m": 'am', "'re": 'are', "'ve": 'have', "'ll": 'will', "'d": 'would', "n't": 'not', "'s": "'s" };
const S_IS = new Set(['it', 'that', 'what', 'there', 'here', 'he', 'she', 'who', 'where', 'how', 'everything', 'this', 'nothing', 'something', 'everyone', 'life', 'today']);
/** Apostrophe-less spellings common in chat and ASR. */
const BARE: Record<string, string[]> = {
  im: ['i', 'am'], ive: ['i', 'have'], dont: ['do', 'not'], didnt: ['did', 'not'], doesnt: ['does', 'not'], cant: ['can', 'not'],
  wont: ['will', 'not'], isnt: ['is', 'not'], wasnt: ['was', 'not'], arent: ['are', 'not'], werent: ['were', 'not'],
  havent: ['have', 'not'], hasnt: ['has', 'not'], couldnt: ['could', 'not'], shouldnt: ['should', 'not'], wouldnt: ['would', 'not'],
  youre: ['you', 'are'], shes: ['she', 'is'], thats: ['that', 'is'], whats: ['what', 'is'], theyre: ['they', 'are'], cannot: ['can', 'not'],
  idk: ['i', 'do', 'not', 'know'], gonna: ['going', 'to'], wanna: ['want', 'to'], gotta: ['got', 'to'], lets: ['let', 'us'],
  ain: ['is'], u: ['you'], ur: ['your'], ya: ['yeah'], yea: ['yeah'], yah: ['yeah'], okay: ['ok'], kinda: ['kind', 'of'], sorta: ['sort', 'of'],
};
const ITS_IS = new Set(['a', 'an', 'the', 'not', 'so', 'really', 'just', 'been', 'going', 'gonna', 'getting', 'good', 'ok', 'okay', 'alright', 'fine', 'hard', 'normal', 'important', 'best', 'better', 'worth', 'time', 'like', 'very', 'always', 'never', 'too', 'still', 'great', 'nice', 'true', 'all', 'about', 'only', 'natural', 'understandable', 'possible', 'easy', 'difficult', 'tough', 'fun', 'okay', 'sad', 'awful', 'terrible', 'pretty', 'kind', 'sort', 'because', 'my', 'your', 'me', 'you', 'what', 'how', 'hard', 'helpful', 'healthy', 'necessary', 'wise', 'smart']);
const NEXT_WORD_RE = /^[\s,]*([A-Za-z]+)/;
function nextWord(text: string, e: number): string {
  const m = NEXT_WORD_RE.exec(text.slice(e, e + 24));
  return m ? m[1]!.toLowerCase() : '';
}
const NT_BASE: Record<string, string> = { ca: 'can', wo: 'will', sha: 'shall', ai: 'is' };

/** Which phrases each word starts: word → OR of the `bit`s of the phrase indexes that have a phrase starting with it. */
export type PhraseStarts = Map<string, number>;

export function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN_RE.exec(text)) !== null) {
    const raw = m[0];
    const s = m.index;
    const e = s + raw.length;
    const c0 = raw.charCodeAt(0);
    const isWordStart = (c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122) || (c0 >= 48 && c0 <= 57);
    if (!isWordStart) {
      if (raw === '\n') out.push({ w: '.', s, e , p: 0 });
      else if (raw === '--' || raw === '…') out.push({ w: ',', s, e , p: 0 });
      else if (raw.length === 1) out.push({ w: raw, s, e , p: 0 });
      else {
        // split-off contraction token: 'm 're n't 's
        const suf = SPLIT_SUFFIX[raw.toLowerCase().replace('’', "'")];
        if (suf === "'s") {
          const prev = out[out.length - 1];
          out.push({ w: prev && S_IS.has(prev.w) ? 'is' : "'s", s, e , p: 0 });
        } else if (suf) out.push({ w: suf, s, e , p: 0 });
      }
      continue;
    }
    let w = raw.toLowerCase();
    if (w.indexOf('’') >= 0) w = w.replace(/’/g, "'");
    const ap = w.indexOf("'");
    if (ap < 0) {
      // "its good to…" (chat spelling of it's): a copula follows when the next word cannot follow a possessive
      if (w === 'its' && ITS_IS.has(nextWord(text, e))) {
        out.push({ w: 'it', s, e: e - 1, p: 0 }, { w: 'is', s: e - 1, e, p: 0 });
        continue;
      }
      const bare = BARE[w];
      if (bare) for (const b of bare) out.push({ w: b, s, e, p: 0 });
      else out.push({ w, s, e, p: 0 });
      continue;
    }
    // contraction inside the word
    if (w.endsWith("n't")) {
      let base = w.slice(0, -3);
      base = NT_BASE[base] ?? base;
      if (base === "n" || base === '') out.push({ w: 'not', s, e , p: 0 });
      else {
        out.push({ w: base, s, e: e - 3 , p: 0 });
        out.push({ w: 'not', s: e - 3, e , p: 0 });
      }
      continue;
    }
    const head = w.slice(0, ap);
    const tail = w.slice(ap);
    const suf = SPLIT_SUFFIX[tail];
    if (head === 'let' && tail === "'s") {
      out.push({ w: 'let', s, e: s + ap , p: 0 });
      out.push({ w: 'us', s: s + ap, e , p: 0 });
    } else if (suf === "'s") {
      out.push({ w: head, s, e: s + ap , p: 0 });
      if (S_IS.has(head)) out.push({ w: 'is', s: s + ap, e , p: 0 });
    } else if (suf) {
      out.push({ w: head, s, e: s + ap , p: 0 });
      out.push({ w: suf, s: s + ap, e , p: 0 });
    } else out.push({ w: w.replace(/'/g, ''), s, e , p: 0 });
  }
  return out;
}

const TERMINAL = new Set(['.', '!', '?']);

/** Splits at terminal punctuation; a sentence is a question when it ends with '?'. */
export function sentences(toks: Tok[]): Sentence[] {
  const out: Sentence[] = [];
  let a = 0;
  for (let i = 0; i < toks.length; i++) {
    const w = toks[i]!.w;
    if (TERMINAL.has(w)) {
      if (i > a) out.push({ a, b: i, question: w === '?' });
      else if (w === '?' && out.length > 0) out[out.length - 1]!.question = true;
      a = i + 1;
    }
  }
  if (a < toks.length) out.push({ a, b: toks.length, question: false });
  return out;
}
