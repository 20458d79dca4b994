/**
 * Person names without a model: a first-name gazetteer (data/first-names.txt), capitalisation, and context cues
 * ("my friend X", "Mr. X", "X said", a surname after a known first name). Names that are also common words, months
 * or places need a cue; the dyad's own names are never reported.
 */
import { readFileSync } from 'node:fs';
import type { Span } from './patterns.js';

const GAZETTEER: ReadonlySet<string> = new Set(
  readFileSync(new URL('../data/first-names.txt', import.meta.url), 'utf8')
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .flatMap((l) => l.split(/\s+/))
    .filter((w) => w.length > 0)
    .map((w) => w.toLowerCase()),
);

const words = (s: string): Set<string> => new Set(s.split(/\s+/).filter(Boolean).map((w) => w.toLowerCase()));

/** Given names that are also ordinary English words: a name only with a cue, or capitalised mid-sentence. */
const WORDLIKE = words(`
  will bill mark frank art gene ray rob sue jack max drew dean bob ted sandy sunny rusty clay glen cliff wade lee kay
  jay joy ed don guy pat rich grace hope faith summer dawn rose lily ivy iris holly heather jade ruby amber crystal
  hazel olive violet daisy willow autumn sky penny pearl destiny harmony melody chase hunter carter mason parker
  taylor cooper bailey cole grant reed reid lance miles christian angel jesus mercedes harley misty trinity zion
  ebony precious justice royal reign king prince princess major sterling page paige brook brooke forest river rain
  storm stone cash colt buck hank duke earl baron gale gay ginger honey candy candace shelby dusty buddy
  noel robin wren lark jasper lincoln sage bay bo`);
/** Months that are names: a name only with a strong cue or a following verb, never before a day number. */
const MONTHS = words('may june april august');
/** Names that are also places: a name unless the words before mark a place ("in Jordan", "went to Paris"). */
const PLACES = words(`
  jordan paris georgia virginia carolina dallas austin sydney madison chelsea florence brooklyn savannah victoria
  kenya israel phoenix houston denver aurora orlando salvador santiago lourdes adelaide regina`);
/** Short or very common tokens in the gazetteer that are words first: a name only with a strong cue. */
const STRONG_ONLY = words(`
  an can long sun van said odd till floor dag sem stig nam hai min jin lan ping tao young bao yi yu li ai jan hung do
  ha my so to la de del di le da bo`);

/** Capitalised words that are never names or surnames (sentence starters, titles, days, roles, brands). */
const NEVER = words(`
  i i'm i've i'll i'd im ive the a an and but or so yes yeah yep no nope ok okay oh ah um uh hmm hi hey hello bye
  thanks thank please well what when where why how who which that this these those there here then now today
  tomorrow yesterday monday tuesday wednesday thursday friday saturday sunday january february march july september
  october november december christmas easter thanksgiving halloween mentor mentee speaker interviewer staff parent
  mom mum dad mama papa mommy daddy grandma grandpa granny nana papa auntie aunt uncle god lord sir madam ma'am
  mr mrs ms miss dr coach teacher doctor nurse officer pastor boss english spanish french american mexican chinese
  target walmart costco starbucks mcdonald's mcdonalds subway google facebook instagram snapchat tiktok youtube
  netflix zoom amazon apple iphone android xbox playstation nintendo disney marvel lego uber lyft safeway kroger
  street avenue road lane drive court park school college university library church hospital center centre club
  team group program class job work bus train city state county north south east west new old big little good
  great nice cool fine sure maybe just also my your his her our their its it it's we you he she they me him us them
  do did does don't can't won't didn't isn't wasn't are is was were be been have has had let let's go going got
  like love know think said says say tell told ask asked see saw look come came get make made take took want need
  one two three four five six seven eight nine ten first second last next every each all some any many much more
  most very really actually honestly anyway alright right wow cool awesome sorry excuse because if after before
  while since until though although also not never always sometimes usually again still even only both either
  neither`);

/** Words before a token that make any capitalised word a name (titles, relations, naming verbs). */
const STRONG_BEFORE =
  /(?:\b(?:mr|mrs|ms|mx|miss|dr|prof|coach|aunt|auntie|uncle|cousin|grandma|grandpa|nana|granny|officer|pastor|father|sister|brother|rev)\.?\s+|\b(?:named|called|call\s+(?:him|her|them)|name\s+is|name's|names\s+are|nickname\s+is|my\s+(?:(?:best|old|new|little|big|older|younger|good|close|ex|former|favou?rite)\s+)?(?:friend|buddy|pal|roommate|neighbou?r|boss|manager|supervisor|coworker|co-worker|cousin|brother|sister|boyfriend|girlfriend|partner|husband|wife|teacher|counsel(?:l)?or|coach|aide|caseworker|case\s+manager|job\s+coach|therapist|classmate|niece|nephew|son|daughter|stepmom|stepdad|stepbrother|stepsister|sibling|mom|dad|aunt|uncle|grandma|grandpa)|(?:his|her|their|our)\s+(?:friend|brother|sister|mom|dad|boss|cousin|son|daughter|name\s+is)|(?:friend|friends|guy|girl|lady|man|kid|boy|woman)\s+(?:named|called))\s+)$/i;
/** Weaker cues: make a gazetteer name that is also a word a name. */
const WEAK_BEFORE =
  /\b(?:with|and|to|told|tell|asked|ask|saw|see|met|meet|call|called|text|texted|visit|visited|like|likes|love|loves|miss|hug|hugged|thank|thanked|helped|help|hi|hey|bye|hello|dear|thanks|about|for|from|invited|invite|hang\s+out\s+with|played\s+with|talked\s+to|talk\s+to)\s+$/i;
/** Words after a token that make a gazetteer name that is also a word a name. */
const AFTER_VERB =
  /^(?:'s\b|’s\b|\s+(?:said|says|told|tells|asked|asks|texted|called|calls|came|comes|went|goes|helped|helps|gave|gives|wants|wanted|likes|liked|loves|loved|thinks|thought|got|gets|was\s+born|was\s+(?:there|mad|sad|happy|nice|mean|upset|angry|sick|late)|is\s+(?:my|our|his|her|a|the|really|so|very|nice|mean|sick|coming|going)|and\s+(?:I|me|my)|invited|showed|drove|made|works|worked|lives|lived|moved|yelled|laughed|cried|smiled|brought|bought|took|plays|played|sent|texts)\b)/;
const PLACE_BEFORE = /\b(?:in|from|near|of|visit|visited|visiting|(?:go|goes|going|went|gone|move|moved|moving|fly|flew|flying|travel(?:l?ed)?|trip|drive|drove|driving|back)\s+to)\s+$/i;

// Capitalised words only: a name in lower case is caught only as a known name (see README).
const CAP_TOKEN = /[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ'’-]*/g;

interface Tok {
  start: number;
  end: number;
  word: string;
  lower: string;
  sentenceStart: boolean;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 0xc0 && c <= 0x24f);
}

function hasNonAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return true;
  return false;
}

const fold = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '');

function capTokens(text: string): Tok[] {
  const toks: Tok[] = [];
  CAP_TOKEN.lastIndex = 0;
  for (let m = CAP_TOKEN.exec(text); m; m = CAP_TOKEN.exec(text)) {
    // A capital inside a word ("McDonald", "iPhone") is not a token start.
    if (m.index > 0 && isWordChar(text.charCodeAt(m.index - 1))) continue;
    let word = m[0];
    // Fast path: the commonest capitalised words (I, The, Yeah, Mentor…) are never names.
    if (word.length <= 12 && NEVER.has(word.toLowerCase())) continue;
    while (word.endsWith("'") || word.endsWith('’') || word.endsWith('-')) word = word.slice(0, -1);
    // Possessive: "Maria's" → "Maria" (the 's stays outside the span)
    if (word.length > 2 && (word.endsWith("'s") || word.endsWith('’s'))) word = word.slice(0, -2);
    let k = m.index - 1;
    while (k >= 0 && (text[k] === ' ' || text[k] === '\t' || text[k] === '"' || text[k] === '“' || text[k] === '(')) k--;
    const prev = k < 0 ? '' : text[k]!;
    const sentenceStart = k < 0 || prev === '.' || prev === '!' || prev === '?' || prev === '\n' || prev === ':' || prev === '…';
    const lower = word.toLowerCase();
    toks.push({ start: m.index, end: m.index + word.length, word, lower: hasNonAscii(lower) ? fold(lower) : lower, sentenceStart });
  }
  return toks;
}

/** The last word before `at` (lower-cased, trailing punctuation ignored), cheaply. */
function lastWord(text: string, at: number): string {
  let e = at;
  while (e > 0 && (text[e - 1] === ' ' || text[e - 1] === '\t')) e--;
  let b = e;
  while (b > 0 && /[A-Za-z'’.]/.test(text[b - 1]!)) b--;
  return text.slice(b, e).toLowerCase().replace(/\.$/, '');
}

// Last words that can end a strong cue: only then is the (slower) cue regex tried.
const STRONG_LAST = words(`
  mr mrs ms mx miss dr prof coach aunt auntie uncle cousin grandma grandpa nana granny officer pastor father sister
  brother rev named called him her them is name's are friend buddy pal roommate neighbor neighbour boss manager
  supervisor coworker co-worker boyfriend girlfriend partner husband wife teacher counselor counsellor aide
  caseworker manager coach therapist classmate niece nephew son daughter stepmom stepdad stepbrother stepsister
  sibling mom dad driver`);
const PET = /\b(?:dog|cat|puppy|kitten|fish|bird|hamster|pet|horse|bunny|rabbit|turtle|snake|parrot|goldfish|lizard)\s+(?:named|called)\s+$/i;
/** Verbs whose object is a person: an unknown capitalised word right after them, mid-sentence, is a name. */
const PERSON_VERB = words('asked told texted hugged thanked invited met married kissed');

export interface NameOptions {
  keep: ReadonlySet<string>;
  known: readonly string[];
}

/** Lower-cased tokens of the dyad's names and their simple variants (parts, without accents). */
export function keepSet(names: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const n of names) {
    for (const part of n.split(/[\s_.,]+/)) {
      const p = part.replace(/['’]s$/i, '').toLowerCase();
      if (p.length < 2) continue;
      out.add(p);
      out.add(p.normalize('NFD').replace(/\p{M}/gu, ''));
    }
  }
  return out;
}

const NOT_SURNAME = words(
  'street st avenue ave road rd lane drive boulevard blvd court way place county city state university college school high middle elementary park center centre library hospital church mall market store restaurant cafe bank',
);

function isSurnameCandidate(t: Tok | undefined, text: string, prevEnd: number): boolean {
  if (!t || t.sentenceStart) return false;
  // Only a space between (no comma, no "and")
  for (let k = prevEnd; k < t.start; k++) if (text.charCodeAt(k) !== 32) return false;
  if (t.start === prevEnd) return false;
  if (NEVER.has(t.lower) || MONTHS.has(t.lower) || NOT_SURNAME.has(t.lower)) return false;
  return t.word.length >= 2;
}

export function findNames(text: string, opts: NameOptions): Span[] {
  const spans: Span[] = [];
  const knownTokens = new Set<string>();
  for (const n of opts.known) for (const p of n.split(/\s+/)) if (p.length >= 2 && !opts.keep.has(p.toLowerCase())) knownTokens.add(p.toLowerCase());
  if (knownTokens.size > 0) {
    const esc = [...knownTokens].sort((x, y) => y.length - x.length).map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${esc.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
    for (let m = re.exec(text); m; m = re.exec(text)) spans.push({ type: 'NAME', start: m.index, end: m.index + m[0].length });
  }

  const toks = capTokens(text);
  const detected: boolean[] = new Array(toks.length).fill(false);
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (opts.keep.has(t.lower) || knownTokens.has(t.lower) || NEVER.has(t.lower)) continue;
    const inGaz = GAZETTEER.has(t.lower);
    const ambiguous = WORDLIKE.has(t.lower) || PLACES.has(t.lower) || MONTHS.has(t.lower) || STRONG_ONLY.has(t.lower);
    let isName = false;
    if (inGaz && !ambiguous) isName = true;
    else {
      const lw = lastWord(text, t.start);
      const before = text.slice(Math.max(0, t.start - 40), t.start);
      const after = text.slice(t.end, t.end + 40);
      const strong = STRONG_LAST.has(lw) && STRONG_BEFORE.test(before) && !PET.test(before);
      if (strong) isName = true;
      else if (!inGaz && !ambiguous) {
        // An unknown capitalised word mid-sentence right after a verb whose object is a person: "I asked Nguyen".
        isName = !t.sentenceStart && PERSON_VERB.has(lw) && /^[A-Z][a-z]+$/.test(t.word);
      } else if (STRONG_ONLY.has(t.lower)) {
        isName = false;
      } else if (MONTHS.has(t.lower)) {
        isName = !/^\s*(?:\d|the\s+\d|(?:first|second|third|fourth|fifth|tenth|twentieth|thirtieth)\b)/i.test(after) && AFTER_VERB.test(after);
      } else if (PLACES.has(t.lower)) {
        const possessive = /^['’]s\b/.test(after);
        isName = possessive || !PLACE_BEFORE.test(before);
      } else {
        isName = AFTER_VERB.test(after) || WEAK_BEFORE.test(before) || !t.sentenceStart;
        // "Will you…", "Mark my words": a modal/verb followed by a pronoun is not a name.
        if (/^\s+(?:you|we|i|he|she|they|it|u|ya|not|me|my|your|us|them|him|her|the|a|an|this|that)\b/i.test(after)) isName = false;
      }
    }
    if (!isName) continue;
    detected[i] = true;
  }

  // A capitalised word joined by "and" or a comma to a detected name, mid-sentence, is a name too ("Tasha and Deshawn").
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (detected[i] || t.sentenceStart || opts.keep.has(t.lower) || knownTokens.has(t.lower) || NEVER.has(t.lower) || MONTHS.has(t.lower) || STRONG_ONLY.has(t.lower)) continue;
    const next = toks[i + 1];
    const prev = toks[i - 1];
    const joined = (a: Tok | undefined, b: Tok | undefined, ai: number) =>
      a !== undefined && b !== undefined && detected[ai] === true && /^(?:,\s*|\s+and\s+|,\s*and\s+)$/.test(text.slice(Math.min(a.end, b.end), Math.max(a.start, b.start)).replace(/['’]s/, ''));
    if (joined(t, next, i + 1) || joined(prev, t, i - 1)) detected[i] = true;
  }

  for (let i = 0; i < toks.length; i++) {
    if (!detected[i]) continue;
    const t = toks[i]!;
    // Extend over a surname (one or two capitalised words).
    let end = t.end;
    let j = i + 1;
    for (let n = 0; n < 2; n++) {
      const nx = toks[j];
      if (!isSurnameCandidate(nx, text, end) || opts.keep.has(nx!.lower)) break;
      end = nx!.end;
      j++;
    }
    spans.push({ type: 'NAME', start: t.start, end });
    i = j - 1;
  }
  return spans;
}
