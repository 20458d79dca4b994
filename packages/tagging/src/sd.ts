/** Self-disclosure helpers of the rule layer (§4.1, §4.4 explicit links, §4.5.5 listener-directed turns, topics). */
import type { Codebook } from './codebook.js';
import { type Tok } from './tokenize.js';
import { type Analysis, HARD_BREAK, ADVERBS, FIRST_PERSON, findPhrase, MENTAL, isPunct } from './shared.js';
import { politeFeelingPredicate } from './emotion.js';

export const ME_OBJECT_BLOCK = new Set(['tell', 'let', 'help', 'give', 'show', 'call', 'text', 'remind', 'trust', 'believe', 'hear', 'excuse', 'thank', 'thanks', 'ask', 'about', 'email', 'send', 'telling', 'having', 'answering', 'helping', 'hearing', 'sharing', 'calling', 'asking', 'texting']);
export const WE_SKIP_MODAL = new Set(['can', 'could', 'should', 'will', 'would', 'need', 'might', 'may', 'must', 'shall', 'have', 'got', 'are', 'talked', 'spoke', 'discussed', 'were']);
export const IRREGULAR_PAST = new Set(['went', 'did', 'had', 'got', 'was', 'were', 'saw', 'took', 'made', 'said', 'told', 'felt', 'lost', 'left', 'came', 'began', 'ran', 'ate', 'drove', 'rode', 'thought', 'knew', 'found', 'gave', 'met', 'fell', 'broke', 'wrote', 'sat', 'stood', 'heard', 'kept', 'paid', 'bought', 'brought', 'taught', 'won', 'used', 'spent', 'slept', 'quit', 'hurt', 'became', 'grew', 'forgot', 'woke']);
export const VOICING = new Set(['saying', 'say', 'says', 'thinking', 'think', 'thinks', 'like', 'asking']);
export const WE_GENERIC_BEFORE = new Set(['when', 'if', 'as', 'because', 'unless', 'whenever', 'once']);
export const ABOUT_OTHER = new Set(['you', 'your', 'it', 'that', 'this', 'there', 'he', 'she', 'they', 'we', 'people', 'the', 'a', 'everyone', 'things', 'so', 'not', 'what', 'how', 'if', 'these', 'those', 'one', 'some', 'any', 'most', 'many', 'all', 'nothing', 'everything', 'something', 'anyone', 'someone', 'his', 'her', 'their']);
/** "I'm guessing the office is backlogged", "I bet it gets easier soon": the progressive of an opinion verb. */
const MENTAL_ING = new Set(['guessing', 'betting', 'assuming', 'imagining', 'thinking', 'supposing', 'hoping', 'sensing']);
/** "I'm confident you'll find something", "I wish you the best": a stance whose content is the listener or the world. */
const STANCE_WORDS = new Set(['confident', 'certain', 'convinced', 'wish', 'appreciate', 'commend', 'applaud', 'admire']);
const UNDERSTANDING = new Set(['understand', 'see', 'get']);
/** "I think you…", "I'm sure they…", "I know it's…": the speaker's opinion about the listener or the world, not about themselves. */
export function mentalAboutOther(toks: Tok[], k: number, b: number): boolean {
  let j = k + 1;
  while (j < b && (ADVERBS.has(toks[j]!.w) || (toks[j]!.w === 'have' && toks[j + 1]?.w === 'found') || toks[j]!.w === 'do' || toks[j]!.w === 'am' || toks[j]!.w === 'would' || toks[j]!.w === 'can' || toks[j]!.w === 'not' || toks[j]!.w === 'really' || toks[j]!.w === 'completely' || toks[j]!.w === 'truly' || toks[j]!.w === 'absolutely')) j++;
  const v = toks[j]?.w;
  if (v === undefined) return false;
  // "I have found that there are lots of free classes around": a general claim hedged as experience; "I found that
  // I like running" and "I found a job" are the speaker's own
  if (v === 'found' && toks[j + 1]?.w === 'that') {
    const n = toks[j + 2]?.w ?? '';
    return n !== 'i' && n !== 'my' && n !== 'me' && n !== 'we';
  }
  // "I get it.", "I totally get that", "I get you": understanding the listener
  if (v === 'get') {
    const n1 = toks[j + 1]?.w;
    return (n1 === 'it' || n1 === 'that' || n1 === 'you') && (j + 2 >= b || isPunct(toks[j + 2]!.w));
  }
  if (!(MENTAL.has(v) || MENTAL_ING.has(v) || STANCE_WORDS.has(v))) return false;
  if (v === 'feel') {
    const n1 = toks[j + 1]?.w;
    const n2 = toks[j + 2]?.w;
    // "I feel for you", "I can feel your pain", "I feel like you…", "I feel as though you…" are about the listener;
    // "I feel sad" is not
    return n1 === 'for' || n1 === 'your' || n1 === 'you' || n1 === 'how' || ((n1 === 'that' || n1 === 'like') && n2 === 'you') || (n1 === 'as' && (n2 === 'though' || n2 === 'if') && toks[j + 3]?.w === 'you');
  }
  j++;
  if (toks[j]?.w === 'that' && j + 1 < b && toks[j + 1]!.w !== 'is') j++;
  const n = toks[j]?.w;
  if (n === undefined || j >= b || n === '.') return v !== 'know' && v !== 'feel' && v !== 'wish' ? true : false;
  // "I understand why", "I can see why you would be upset": understanding the listener
  if (n === 'why' && UNDERSTANDING.has(v)) return true;
  // "I wish I could be there with you": the helper's wish to help
  if (n === 'i' && v === 'wish') return helperStance(toks, j, b);
  // "I think decreasing the drinks you have could help": an opinion about the listener's action
  if (n.length > 4 && n.endsWith('ing')) {
    for (let m = j + 1; m < b; m++) if (toks[m]!.w === 'you' || toks[m]!.w === 'your') return true;
  }
  return ABOUT_OTHER.has(n) || n === 'its';
}

/**
 * A light suffix stripper for the shared-word test (both sides go through it, so it only has to be consistent):
 * "stressed", "stressing", "stress" → "stress"; "worried", "worries", "worry" → "worri"; "jobs" → "job".
 */
export function stem(w: string): string {
  let s = w;
  if (s.endsWith("'s")) s = s.slice(0, -2);
  if (s.length <= 4) return s;
  if (s.endsWith('ies') || s.endsWith('ied')) s = s.slice(0, -3) + 'i';
  else if (s.endsWith('ing') && s.length >= 6) s = s.slice(0, -3);
  else if (s.endsWith('ed') && s.length >= 5) s = s.slice(0, -2);
  else if (s.endsWith('sses')) s = s.slice(0, -2);
  else if (s.endsWith('s') && !s.endsWith('ss') && !s.endsWith('us') && !s.endsWith('is')) s = s.slice(0, -1);
  if (s.endsWith('y')) s = s.slice(0, -1) + 'i';
  const n = s.length;
  // "running" → "runn" → "run"; "hoped"/"hope" → "hop"
  if (n > 3 && s[n - 1] === s[n - 2] && s[n - 1] !== 's' && s[n - 1] !== 'l' && s[n - 1] !== 'z') s = s.slice(0, -1);
  else if (n > 3 && s[n - 1] === 'e') s = s.slice(0, -1);
  return s;
}

/** Per-codebook memo of a word's topics and content stem (hot path: every token of every turn); bounded. */
const wordFacts = new WeakMap<Codebook, Map<string, { topics: string[] | undefined; content: string | undefined }>>();
export function addTopic(w: string, cb: Codebook, res: Pick<Analysis, 'topics' | 'content'>): void {
  let memo = wordFacts.get(cb);
  if (!memo) wordFacts.set(cb, (memo = new Map()));
  let f = memo.get(w);
  if (!f) {
    const topics = cb.topics.get(w) ?? (w.length > 3 && w.endsWith('s') ? cb.topics.get(w.slice(0, -1)) : undefined);
    const content = w.length >= 4 && !cb.sets.stopwords.has(w) && !cb.sets.backchannel.has(w) ? stem(w) : undefined;
    f = { topics, content };
    if (memo.size > 50_000) memo.clear();
    memo.set(w, f);
  }
  if (f.topics) for (const c of f.topics) res.topics.add(c);
  if (f.content !== undefined) res.content.add(f.content);
}

export function clauseEnd(toks: Tok[], k: number, b: number): number {
  let j = k;
  while (j + 1 < b && !HARD_BREAK.has(toks[j + 1]!.w)) j++;
  return toks[j]!.e;
}

export function isClauseStart(toks: Tok[], k: number, a: number, cb: Codebook): boolean {
  let j = k - 1;
  while (j >= a && cb.sets.discourse.has(toks[j]!.w)) j--;
  return j < a || HARD_BREAK.has(toks[j]!.w) || cb.sets.clauseBreakers.has(toks[j]!.w);
}

export function hasYouSubjectBefore(toks: Tok[], a: number, k: number): boolean {
  for (let j = a; j < k; j++) if (toks[j]!.w === 'you') return true;
  return false;
}

export const LISTENER_PREP = new Set(['about', 'for', 'of', 'with']);
/** The noun phrase after a preposition is the listener or the listener's doing: "you", "your drinking", "the amount that you drink". */
export function npHasListener(toks: Tok[], j: number, b: number): boolean {
  for (let k = j; k < b && k < j + 6; k++) {
    const w = toks[k]!.w;
    if (w === 'you' || w === 'your' || w === 'yourself') return true;
    if (HARD_BREAK.has(w) || w === 'and' || w === 'but' || w === 'because' || w === 'i' || w === 'me' || w === 'my') return false;
  }
  return false;
}

export function listenerDirected(toks: Tok[], a: number, b: number): boolean {
  // "I'm worried about you", "proud of you", "happy for you": reacts to the listener (§4.5.5)
  let fp = 0;
  for (let k = a; k < b; k++) {
    const w = toks[k]!.w;
    if (w === 'my' || w === 'me' || w === 'myself') return false;
    if (w === 'i' || w === 'we') fp++;
    if (LISTENER_PREP.has(w) && npHasListener(toks, k + 1, b)) return fp <= 1;
  }
  return false;
}

/** "I did it myself" means alone, not "me too". */
const OBJECT_PRONOUN = new Set(['it', 'that', 'this', 'them', 'him', 'her', 'all', 'everything', 'by']);
/** "I'm a gamer myself", "I have a dog myself": an emphatic "myself" links back only after a verb of being, having or liking ("I fixed the car myself" means alone). */
const STATIVE = new Set(['am', 'was', 'is', 'have', 'had', 'has', 'like', 'love', 'enjoy', 'enjoyed', 'liked', 'loved', 'feel', 'felt', 'struggle', 'struggled', 'know', 'hate', 'prefer', 'suffer', 'suffered', 'deal', 'dealt', 'been']);
function statesInClause(toks: Tok[], a: number, k: number): boolean {
  for (let j = k - 1; j >= a && !HARD_BREAK.has(toks[j]!.w); j--) if (STATIVE.has(toks[j]!.w)) return true;
  return false;
}
const LINK_OTHER = new Set(['you', 'he', 'she', 'they', 'people', 'everyone', 'everybody', 'someone', 'somebody', 'anyone', 'others', 'many', 'most', 'who', 'it']);
/**
 * A link phrase with no first person in it ("the same way", "something similar", "been there") links the speaker
 * only when the speaker is its subject: the nearest subject before it in the clause is "I"/"we", or it opens a
 * subjectless fragment ("Been there.", "Same problem here"), or "me"/"my" follows in the clause ("Same thing happened
 * to me"). "They might feel just like you" and "any girl would feel the same" say it of someone else (§4.4).
 */
function linkIsSpeakers(toks: Tok[], i: number, len: number, a: number, b: number): boolean {
  for (let k = i; k < i + len; k++) if (FIRST_PERSON.has(toks[k]!.w)) return true;
  let j = i - 1;
  for (; j >= a && !HARD_BREAK.has(toks[j]!.w); j--) {
    const w = toks[j]!.w;
    if (FIRST_PERSON.has(w)) return true;
    if (LINK_OTHER.has(w)) return false;
  }
  for (let k = i + len; k < b && !HARD_BREAK.has(toks[k]!.w); k++) {
    const w = toks[k]!.w;
    if (FIRST_PERSON.has(w)) return true;
    if (LINK_OTHER.has(w)) return false;
  }
  // nothing before it in its clause but discourse words: a subjectless fragment
  for (let k = j + 1; k < i; k++) if (!AGREE_OPENERS.has(toks[k]!.w) && toks[k]!.w !== 'and' && toks[k]!.w !== 'the' && toks[k]!.w !== 'a' && toks[k]!.w !== 'exactly' && toks[k]!.w !== 'oh') return false;
  return true;
}
const AGREE_OPENERS = new Set(['yeah', 'yes', 'oh', 'man', 'ugh', 'god', 'boy', 'ha', 'haha', 'yep', 'ah']);
export function findExplicitLink(toks: Tok[], a: number, b: number, cb: Codebook): { s: number; e: number; rule: string } | undefined {
  for (let from = a; from < b; ) {
    const m = findPhrase(cb.phrases.explicitLink, toks, from, b);
    if (!m) break;
    // "I was too slow", "I do too much": "too" as a degree word, not "also"
    const end = m.i + m.len;
    const degreeToo = toks[end - 1]!.w === 'too' && end < b && !isPunct(toks[end]!.w) && toks[end]!.w !== 'and' && toks[end]!.w !== 'but';
    if (!degreeToo && linkIsSpeakers(toks, m.i, m.len, a, b)) return { s: toks[m.i]!.s, e: toks[m.i + m.len - 1]!.e, rule: 'REC-EXPLICIT-LINK' };
    from = m.i + 1;
  }
  // "Yeah, tell me about it": the idiom of shared experience (a bare "Tell me about it." is a request to go on)
  if (b - a >= 5 && AGREE_OPENERS.has(toks[a]!.w)) {
    let j = a + 1;
    if (toks[j]?.w === ',') j++;
    if (toks[j]?.w === 'tell' && toks[j + 1]?.w === 'me' && toks[j + 2]?.w === 'about' && toks[j + 3]?.w === 'it') return { s: toks[a]!.s, e: toks[j + 3]!.e, rule: 'REC-EXPLICIT-LINK' };
  }
  // "Same." / "Same!" as a whole sentence
  if ((b - a === 1 || (b - a === 2 && toks[a + 1]!.w === 'here')) && toks[a]!.w === 'same') return { s: toks[a]!.s, e: toks[b - 1]!.e, rule: 'REC-EXPLICIT-LINK' };
  // first person … "too" / "as well" / an emphatic "myself" at clause end: "I was nervous at my first job too", "it is
  // affecting my family as well", "I do like baking myself"; "as well" also right after the verb ("I struggled as well
  // with…"), but not "as well as"
  for (let k = a; k < b; k++) {
    const w = toks[k]!.w;
    const atEnd = k + 1 >= b || HARD_BREAK.has(toks[k + 1]!.w);
    const asWell = w === 'well' && toks[k - 1]?.w === 'as' && k - 1 > a && toks[k + 1]?.w !== 'as';
    const emphatic = w === 'myself' && atEnd && k - 2 >= a && toks[k - 1]!.w !== 'to' && toks[k - 1]!.w !== 'for' && toks[k - 1]!.w !== 'about' && toks[k - 1]!.w !== 'with' && !OBJECT_PRONOUN.has(toks[k - 1]!.w) && statesInClause(toks, a, k);
    if ((w === 'too' && atEnd) || asWell || emphatic) {
      for (let j = k - (asWell ? 2 : 1); j >= a && j >= k - 12; j--) {
        const x = toks[j]!.w;
        if (x === 'you') break;
        if (x === 'i' && toks[j + 1]?.w === 'would' && toks[j + 2]?.w === 'be') break;
        // "I'm glad to hear that too": a politeness formula with an additive "too" shares no experience
        if (x === 'i' && politeFeelingPredicate(toks, j, k, cb)) break;
        if (x === 'i' || x === 'me' || x === 'my' || x === 'we') return { s: toks[j]!.s, e: toks[k]!.e, rule: 'REC-EXPLICIT-LINK' };
      }
    }
  }
  return undefined;
}

const STANCE_AUX = new Set(['can', 'could', 'will', 'would', 'am', 'was', 'have', 'had', 'got', 'need', 'want', 'wanted', 'like', 'trying', 'try', 'tried', 'able', 'to', 'not', 'do', 'did', 'going', 'gonna', 'be', 'been']);
const STANCE_CUE = new Set(['can', 'could', 'able', 'trying', 'got']);
/**
 * The speaker's stance as helper toward the listener, not a disclosure: "I can help you", "I was able to chat with
 * you", "I'm trying not to push you", "I've got to tell you", "I can make your day better". An ability or
 * effort auxiliary after "I", then the listener in the same clause before any "my"/"me"/"I" (§4.1 exclude: nothing
 * about the speaker's own life; §4.5.5 reacting to the listener).
 */
export function helperStance(toks: Tok[], k: number, b: number): boolean {
  // "there's not much I can change there", "nothing I could do": the limits of the helper's role
  const before = toks[k - 1]?.w ?? '';
  if ((before === 'much' || before === 'nothing' || before === 'anything' || before === 'all') && (toks[k + 1]?.w === 'can' || toks[k + 1]?.w === 'could') && toks[k + 2]?.w === 'do') return true;
  let j = k + 1;
  let cue = false;
  for (; j < b && j < k + 7; j++) {
    const w = toks[j]!.w;
    if (STANCE_CUE.has(w) || ((w === 'have' || w === 'need') && toks[j + 1]?.w === 'to')) cue = true;
    if (!STANCE_AUX.has(w) && !ADVERBS.has(w)) break;
  }
  if (!cue) return false;
  for (let m = j; m < b && !HARD_BREAK.has(toks[m]!.w); m++) {
    const w = toks[m]!.w;
    if (w === 'my' || w === 'me' || w === 'myself' || w === 'i' || w === 'mine') return false;
    if (w === 'you' || w === 'your' || w === 'yourself') return true;
  }
  return false;
}

const PROCESS_AUX = new Set(['gonna', 'wanna', 'want', 'wanted', 'am', 'was', 'have', 'had', 'been', 'do', 'did', 'would', 'will', 'just', 'also', 'really', 'still', 'kind', 'sort', 'of', 'not', 'guess', 'going', 'to', 'be', 'actually', 'even', 'now', 'certainly', 'definitely', 'always', 'sometimes', 'kinda', 'um', 'uh', 'mean']);
/** Verbs of the helper's listening and talking: what the counsellor thinks about, hears, asks or wants to say. */
const PROCESS_VERBS = new Set(['tell', 'telling', 'told', 'think', 'thinking', 'thought', 'wonder', 'wondering', 'wondered', 'say', 'saying', 'said', 'ask', 'asking', 'asked', 'hear', 'hearing', 'heard', 'mention', 'mentioned', 'understand', 'understood', 'notice', 'noticed', 'noticing', 'sense', 'sensing', 'remember', 'recall', 'gather', 'curious', 'interested', 'see', 'seeing', 'talk', 'talking', 'speak', 'speaking', 'share', 'sharing', 'reading', 'read', 'picking', 'getting', 'get', 'got', 'show', 'showing', 'explain', 'explaining', 'review', 'cover', 'check', 'checking']);
/**
 * Counselling process talk: the helper's thinking, hearing, asking or saying whose content is the listener ("I was
 * thinking about how that got in the way for you", "I'm hearing that you want some quiet", "I'm not sure how much
 * you know", "I'd love to hear from you"). It tells nothing of the speaker's own life (§4.1 exclude; cf. §4.5.5).
 * A "my"/"me"/"I" with its own content in the clause keeps it a disclosure ("I was thinking about my dad").
 */
export function processTalk(toks: Tok[], k: number, b: number): boolean {
  let j = k + 1;
  let wouldLike = false;
  while (j < b && j < k + 8 && PROCESS_AUX.has(toks[j]!.w)) j++;
  const v = toks[j]?.w;
  if (v === undefined || j >= b) return false;
  // "I'd love to hear…", "I would like to share with you…": a wish about the talk itself
  if ((v === 'love' || v === 'like') && toks[j - 1]?.w === 'would' && toks[j + 1]?.w === 'to') {
    wouldLike = true;
    j += 2;
  } else if (v === 'sure' && toks[j - 1]?.w === 'not') {
    // "I'm not sure how much you know"
  } else if (!PROCESS_VERBS.has(v)) return false;
  if (wouldLike && !PROCESS_VERBS.has(toks[j]?.w ?? '')) return false;
  for (let m = j + 1; m < b && !HARD_BREAK.has(toks[m]!.w); m++) {
    const w = toks[m]!.w;
    if ((w === 'you' && (toks[m + 1]?.w === 'know' || toks[m + 1]?.w === 'see') && (m + 2 >= b || HARD_BREAK.has(toks[m + 2]!.w))) || w === 'y') {
      m++;
      continue;
    }
    if (w === 'my' || w === 'me' || w === 'myself' || w === 'mine' || w === 'i') return false;
    if (w === 'you' || w === 'your' || w === 'yourself') return true;
  }
  // "I'm wondering about that part of your week", "I'm picking up on something": musing aloud in the talk needs no "you"
  return MUSING.has(v);
}
const MUSING = new Set(['wonder', 'wondering', 'wondered', 'picking', 'sensing']);

/** "like I said", "as I mentioned": talk about the talk, not about oneself (§4.1 exclude). */
export function talkMarker(toks: Tok[], k: number): boolean {
  const prev = toks[k - 1]?.w;
  const n1 = toks[k + 1]?.w;
  return (prev === 'like' || prev === 'as') && (n1 === 'said' || n1 === 'mentioned' || n1 === 'say');
}
