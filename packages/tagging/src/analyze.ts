/**
 * Per-utterance rule layer: one tokenizer pass, then cue-class and grammar rules over each sentence. Context-free;
 * everything that needs the previous turns (ellipsis, implicit narrative, reciprocation, mentor response) is done
 * in ./tagger.ts from the facts collected here. The rules live by tag: ./sd.ts, ./emotion.ts, ./advice.ts, with
 * question/reflection facts in ./facts.ts and shared types, phrase matching and word classes in ./shared.ts.
 */
import type { Codebook } from './codebook.js';
import { sentences, tokenize, type Tok } from './tokenize.js';
import { pseudoCleft, recommendVerb } from './advice-frames.js';
import { startsImperative, suggestionQuestion, declarativeAdvice, afterOpinion } from './advice.js';
import { SEEMS, politeFeelingPredicate, isCapitalised, collectEmotionTerms, ownEmotion } from './emotion.js';
import { questionFacts, reflectionFacts } from './facts.js';
import { ME_OBJECT_BLOCK, WE_SKIP_MODAL, IRREGULAR_PAST, VOICING, WE_GENERIC_BEFORE, mentalAboutOther, addTopic, clauseEnd, isClauseStart, hasYouSubjectBefore, listenerDirected, findExplicitLink, helperStance, processTalk, talkMarker } from './sd.js';
import { type Analysis, ADVERBS, FIRST_PERSON, HARD_BREAK, matchAt, findPhrase, isPunct } from './shared.js';

export type { AdviceSpan, Analysis, Span } from './shared.js';

const OPINION_FRAME = new Set(['opinion', 'view', 'mind', 'book', 'eyes', 'experience', 'humble', 'honest', 'personal', 'understanding']);
/** Generic "our": human faculties shared by everyone ("our brains like to obsess", "messes with our minds"). */
const HUMAN_FACULTY = new Set(['lives', 'health', 'wellbeing', 'mind', 'minds', 'brain', 'brains', 'body', 'bodies', 'emotions', 'feelings', 'thoughts', 'instincts', 'nature', 'control', 'awareness', 'attention', 'distractions', 'hearts', 'senses', 'species', 'human']);
const ADDRESS = new Set(['friend', 'friends', 'dear', 'love', 'darling', 'brother', 'sister', 'buddy', 'man', 'girl', 'boy', 'honey', 'sweetheart', 'pal', 'mate', 'dude', 'lady', 'bro', 'sis', 'child']);
const NOT_BEFORE_VOCATIVE = new Set(['to', 'with', 'of', 'for', 'about', 'at', 'from', 'like', 'and', 'or', 'than', 'by', 'on', 'in', 'is', 'was', 'be', 'been', 'are', 'am', 'were', 'as', 'me', 'meet', 'met', 'see', 'saw', 'call', 'called', 'tell', 'told', 'ask', 'asked', 'miss', 'missed', 'lost', 'visit', 'visited', 'help', 'helped']);
/**
 * "my friend" / "my dear" said to the listener ("you will get through this my friend!", "Thank you, my dear.", "My friend, you
 * can do this"): a form of address, not the speaker's friend (§4.1). The address ends its sentence or clause and
 * either follows a comma, opens the sentence before a comma, or closes a sentence spoken to "you".
 */
function vocative(toks: Tok[], k: number, a: number, b: number): boolean {
  if (!ADDRESS.has(toks[k + 1]?.w ?? '')) return false;
  const after = toks[k + 2]?.w;
  if (!(k + 2 >= b || after === undefined || isPunct(after))) return false;
  const prev = toks[k - 1]?.w;
  if (k === a) return after === ',';
  if (prev === ',') return true;
  if (prev === undefined || NOT_BEFORE_VOCATIVE.has(prev)) return false;
  for (let j = a; j < k; j++) if (toks[j]!.w === 'you' || toks[j]!.w === 'your') return true;
  return false;
}

const EVIDENCE_VERBS = new Set(['seen', 'heard', 'read', 'saw', 'hear', 'know', 'understand', 'noticed', 'observed']);
/** "From what I have seen, most kids…", "…came up with a vaccine, I heard.": the source of a statement, not a disclosure. */
function evidential(toks: Tok[], k: number, b: number): boolean {
  let j = k + 1;
  if (toks[j]?.w === 'have' || toks[j]?.w === 'had' || toks[j]?.w === 'can') j++;
  if (!EVIDENCE_VERBS.has(toks[j]?.w ?? '')) return false;
  if (toks[k - 1]?.w === 'what') return true;
  // a trailing "I heard." / "I read." after the statement (not "the worst I've seen")
  return (j + 1 >= b || isPunct(toks[j + 1]!.w)) && toks[k - 1]?.w !== undefined && (toks[j]!.w === 'heard' || toks[j]!.w === 'hear' || toks[j]!.w === 'read');
}
/** The institution's "we" in professional talk ("We recommend…", "we use", "we call those…"), not the speaker's life. */
const INSTITUTIONAL_VERBS = new Set(['recommend', 'suggest', 'advise', 'consider', 'use', 'call', 'offer', 'provide', 'encourage', 'require', 'ask', 'give', 'refer', 'define', 'describe']);
/** A first person inside quotation marks is someone's words quoted or voiced ("you're thinking, 'I don't have a choice'"). */
function insideQuote(text: string, pos: number): boolean {
  let open = false;
  for (let i = 0; i < pos; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) open = !open;
    else if (c === 0x201c) open = true;
    else if (c === 0x201d) open = false;
  }
  // an opening mark that never closes is a stray, not a quotation
  return open && (text.indexOf('"', pos) >= 0 || text.indexOf('\u201d', pos) >= 0);
}
const OFFER_VERBS = new Set(['give', 'show', 'send', 'call', 'text', 'email', 'see', 'meet', 'ask', 'tell', 'help', 'explain', 'check', 'talk', 'get', 'go']);
/** "I'll give you…", "I will call you Monday", "I'll see if we can talk again": an offer to the listener about this help. */
function listenerObject(toks: Tok[], k: number, b: number): boolean {
  for (let j = k + 1; j < b && j <= k + 6; j++) {
    const w = toks[j]!.w;
    if (HARD_BREAK.has(w) || w === 'my' || w === 'me' || w === 'her' || w === 'him' || w === 'them') return false;
    if (OFFER_VERBS.has(w) && (toks[j + 1]?.w === 'you' || toks[j + 1]?.w === 'your')) return true;
  }
  return false;
}
const WISH_AFTER_WOULD = new Set(['like', 'love', 'rather', 'prefer']);
/**
 * "I would" in a hypothetical: with an if-clause, "in your position/shoes", or "too"/"the same" ("I would be worried
 * too", "I would feel the same way if it were me"). "I would love to travel" is a wish, and stays a disclosure.
 */
function hypotheticalI(toks: Tok[], k: number, a: number, b: number): boolean {
  if (toks[k + 1]?.w !== 'would' || WISH_AFTER_WOULD.has(toks[k + 2]?.w ?? '')) return false;
  for (let j = a; j < b; j++) {
    const w = toks[j]!.w;
    if (j > k + 1 && (w === 'if' || w === 'too' || w === 'same')) return true;
    if (w === 'your' && (toks[j + 1]?.w === 'position' || toks[j + 1]?.w === 'shoes' || toks[j + 1]?.w === 'place')) return true;
    if (j < k && w === 'if') return true;
  }
  return false;
}
const INDEFINITE = new Set(['somebody', 'someone', 'people', 'they', 'everyone', 'everybody', 'anyone']);
function hearsay(toks: Tok[], k: number, a: number): boolean {
  const v = toks[k - 1]?.w;
  return (v === 'told' || v === 'tells' || v === 'said') && INDEFINITE.has(toks[k - 2]?.w ?? '') && k - 2 === a || (v === 'told' && toks[k - 2]?.w === 'once' && INDEFINITE.has(toks[k - 3]?.w ?? ''));
}
const HELP_VERBS = new Set(['helps', 'helped', 'works', 'worked']);
/** "I have found that time passing helps", "I found that walking worked": experience framed as what helps (§4.3). */
function foundThatHelps(toks: Tok[], a: number, b: number): { i: number; len: number } | undefined {
  for (let k = a; k < b; k++) {
    if (toks[k]!.w !== 'found' || toks[k - 1]?.w === 'i' && toks[k + 1]?.w !== 'that') continue;
    for (let j = k + 1; j < b && j <= k + 8 && !HARD_BREAK.has(toks[j]!.w); j++) if (HELP_VERBS.has(toks[j]!.w)) return { i: k, len: j - k + 1 };
  }
  return undefined;
}
const QUESTION_ADVICE = new Set(['ADV-IMPERATIVE', 'ADV-HEDGED-SUGGESTION', 'ADV-FIRST-PERSON-HYPOTHETICAL', 'ADV-CONDITIONAL']);
/** "…, maybe there's a hobby you can engage with?": a hedge marks a suggestion put as a question. */
function hedgedBefore(toks: Tok[], a: number, b: number): boolean {
  for (let j = a; j < b; j++) if (toks[j]!.w === 'maybe' || toks[j]!.w === 'perhaps') return true;
  return false;
}
/** The sentence's only disclosure anchors are "I think / believe / guess (that)" opening the clause where advice starts. */
function opinionFrameOnly(toks: Tok[], a: number, b: number, sd: Analysis['sd'], from: number, adviceStart: number): boolean {
  for (let x = from; x < sd.length; x++) {
    const k = tokenAt(toks, a, b, sd[x]!.s);
    if (k < 0 || toks[k]!.w !== 'i' || sd[x]!.rule !== 'SD-FIRST-PERSON') return false;
    const c = afterOpinion(toks, k);
    if (c === k || c >= b || adviceStart < toks[c]!.s) return false;
  }
  return true;
}
function tokenAt(toks: Tok[], a: number, b: number, s: number): number {
  for (let x = a; x < b; x++) if (toks[x]!.s === s) return x;
  return -1;
}
const SUGGESTING_MODALS = new Set(['should', 'could', 'might', 'ought']);
/** "You should see a counselor?", "you could ask her?": a suggestion typed with a question mark still suggests. */
function suggestingModal(toks: Tok[], a: number, b: number, s: number): boolean {
  const x = tokenAt(toks, a, b - 1, s);
  return x >= 0 && toks[x]!.w === 'you' && SUGGESTING_MODALS.has(toks[x + 1]!.w);
}
const QUESTION_AUX = new Set(['have', 'did', 'is', 'would', 'could', 'why']);
const SCRIPT_OBJECTS = new Set(['sheet', 'worksheet', 'script', 'handbook', 'guide', 'scale', 'rate']);
/**
 * A move through the call's script ("Moving on.", "Next step, write it down", "Our goal this week…", "Look at your goal
 * sheet"): a script cue that opens a sentence (after discourse words), or one that names the script itself (sheet,
 * worksheet, handbook) anywhere. "…keep giving them to her for two weeks before moving on" is no script move.
 */
function scriptMove(toks: Tok[], sents: { a: number; b: number }[], idx: Codebook['phrases']['scripted'], cb: Codebook): boolean {
  for (const sent of sents) {
    let j = sent.a;
    while (j < sent.b && (cb.sets.discourse.has(toks[j]!.w) || toks[j]!.w === ',')) j++;
    for (let from = sent.a; from < sent.b; ) {
      const m = findPhrase(idx, toks, from, sent.b);
      if (!m) break;
      if (m.i <= j + 1) return true;
      for (let k = m.i; k < m.i + m.len; k++) if (SCRIPT_OBJECTS.has(toks[k]!.w)) return true;
      from = m.i + 1;
    }
  }
  return false;
}
/** Scratch buffer for frame marks, reused across calls (cleared per utterance; the engine is synchronous). */
let frameScratch = new Uint8Array(256);
const TAG_Q = new Set(['ok', 'okay', 'alright', 'right', 'yeah', 'deal']);
const NEGATIVE_FIRST = new Set(['no', 'nope', 'nah', 'not', 'never']);

/** "I don't know", "not sure", "no idea"… as the whole start of the turn, after at most one hesitation. */
const DONT_KNOW: readonly (readonly string[])[] = [
  ['i', 'do', 'not', 'know'],
  ['not', 'sure'],
  ['i', 'am', 'not', 'sure'],
  ['dunno'],
  ['i', 'do', 'not', 'remember'],
  ['no', 'idea'],
  ['i', 'have', 'no', 'idea'],
];
const HESITATION = new Set(['um', 'uh', 'well', 'hmm']);
/**
 * Same answer as /^(?:(?:um|uh|well|hmm) )?(?:i do not know|not sure|…|i have no idea)\b/ on the token words joined
 * by spaces (which is how it was computed): whole tokens, except that the last one may go on after a non-word
 * character (a contraction base such as "know'x" from "know'xn't").
 */
function dontKnowStart(toks: Tok[]): boolean {
  return dontKnowAt(toks, 0) || (toks.length > 0 && HESITATION.has(toks[0]!.w) && dontKnowAt(toks, 1));
}
function dontKnowAt(toks: Tok[], i: number): boolean {
  outer: for (const p of DONT_KNOW) {
    const last = p.length - 1;
    if (i + last >= toks.length) continue;
    for (let j = 0; j < last; j++) if (toks[i + j]!.w !== p[j]) continue outer;
    const w = toks[i + last]!.w;
    const pw = p[last]!;
    if (w === pw || (typeof w === 'string' && w.length > pw.length && w.startsWith(pw) && !WORD_CHAR.test(w[pw.length]!))) return true;
  }
  return false;
}
const WORD_CHAR = /\w/;

export function analyze(text: string, cb: Codebook): Analysis {
  const toks = tokenize(text, cb.phraseWords);
  const sents = sentences(toks);
  const S = cb.sets;
  const P = cb.phrases;
  let words = 0;
  let bcOnly = true;
  for (const t of toks) {
    if (isPunct(t.w)) continue;
    words++;
    // (only decides anything while there are at most 6 words)
    if (bcOnly && words <= 6 && !S.backchannel.has(t.w)) bcOnly = false;
  }
  const res: Analysis = {
    toks,
    sents,
    words,
    backchannelOnly: bcOnly && words > 0 && words <= 6,
    sd: [],
    sdListenerOnly: false,
    emotion: [],
    emotionTerms: [],
    termIdx: [],
    termEntry: [],
    weakFeeling: undefined,
    advice: [],
    transfer: undefined,
    transferToListener: false,
    explicitLink: undefined,
    hasQuestion: false,
    firstIsQuestion: sents[0]?.question ?? false,
    personal: false,
    feeling: false,
    greetingOrLogisticsQ: false,
    greetingFormula: undefined,
    negativeAnswer: false,
    dontKnow: false,
    firstSentenceWords: 0,
    pastTense: false,
    scripted: false,
    empathy: false,
    topics: new Set(),
    content: new Set(),
  };
  if (words === 0) return res;

  // Answer shape (used by the ellipsis rule in the sequence layer).
  const first = sents[0]!;
  res.firstSentenceWords = first.b - first.a;
  const w0 = toks[first.a]!.w;
  res.negativeAnswer = NEGATIVE_FIRST.has(w0) && !(w0 === 'not' && toks[first.a + 1]?.w === 'only');
  res.dontKnow = words <= 8 && dontKnowStart(toks);
  res.scripted = scriptMove(toks, sents, P.scripted, cb);
  res.empathy = findPhrase(P.empathy, toks, 0, toks.length) !== undefined;

  // tokens inside acknowledgement / greeting frames: emotion words there are formula ("I'm a little confused", "I'm feeling well")
  if (frameScratch.length < toks.length) frameScratch = new Uint8Array(toks.length * 2);
  const frame = frameScratch;
  frame.fill(0, 0, toks.length);
  let sdListener = 0;
  let sdOther = 0;
  let allGreetingQ = true;
  const quoted = text.indexOf('"') >= 0 || text.indexOf('\u201c') >= 0 ? text : undefined;
  for (let si = 0; si < sents.length; si++) {
    const sent = sents[si]!;
    const { a, b } = sent;
    // Questions without '?' (ASR): aux/wh + subject pronoun at the start.
    let q = sent.question;
    // "Put it in your calendar, okay?": a tag question after an instruction is not a real question
    if (q && b - a >= 3 && TAG_Q.has(toks[b - 1]!.w) && toks[b - 2]!.w === ',') q = false;
    if (!q && b - a >= 2) {
      const t0 = toks[a]!.w;
      const t1 = toks[a + 1]!.w;
      if ((t0 === 'how' || t0 === 'why' || t0 === 'where' || t0 === 'what') && (t1 === 'does' || t1 === 'do' || t1 === 'did' || t1 === 'can' || t1 === 'could' || t1 === 'would' || t1 === 'should' || t1 === 'will')) q = true;
      if ((t0 === 'how' || t0 === 'what' || t0 === 'where' || t0 === 'should' || t0 === 'can' || t0 === 'could' || t0 === 'why') && (t1 === 'i' || t1 === 'we' || (t1 === 'can' || t1 === 'should' || t1 === 'do' || t1 === 'could') && toks[a + 2]?.w === 'i')) q = true;
      if (S.questionStarters.has(t0) && !pseudoCleft(toks, a, b) && (t1 === 'you' || (t0 !== 'what' && t0 !== 'how' && t0 !== 'when' && t0 !== 'where' && t1 === 'your')) && t0 !== 'can' && t0 !== 'could' && t0 !== 'have' && t0 !== 'had') q = true;
    }
    const imperativeStart = startsImperative(toks, a, b, cb);
    collectEmotionTerms(text, toks, a, b, cb, res);
    if (q) {
      res.hasQuestion = true;
      if (si === 0) res.firstIsQuestion = true;
      questionFacts(toks, a, b, cb, res);
      // a question carries its subject too ("Do you get shots?"): answers inherit it, and it bridges reciprocation
      for (let k = a; k < b; k++) addTopic(toks[k]!.w, cb, res);
      if (!matchAt(P.greetingQ, toks, a, b) || matchAt(P.greetingQ, toks, a, b)!.len < b - a) {
        if (!findPhrase(P.callLogistics, toks, a, b)) allGreetingQ = false;
      }
      suggestionQuestion(toks, a, b, cb, res, si);
      // "Maybe a nap?", "Perhaps some music?": a hedged thing to try, put as a short question
      if (res.advice.length === 0 && b - a <= 5 && (toks[a]!.w === 'maybe' || toks[a]!.w === 'perhaps') && (toks[a + 1]?.w === 'a' || toks[a + 1]?.w === 'an' || toks[a + 1]?.w === 'some') && a + 2 < b && !isPunct(toks[a + 2]!.w)) {
        res.advice.push({ s: toks[a]!.s, e: toks[b - 1]!.e, rule: 'ADV-HEDGED-SUGGESTION', form: 'question_suggestion', sentence: si });
      }
      // "Talk to your professor and see if he can help?" / "Perhaps it might be time to see a lawyer?": a suggestion
      // phrased as a statement that ends in a question mark
      let q0 = a;
      while (q0 < b && S.discourse.has(toks[q0]!.w)) q0++;
      if (res.advice.length === 0 && q0 < b && !S.questionStarters.has(toks[q0]!.w)) {
        // "So, you need some help with the forms?", "Having less wine at home will help?": a reflection checked
        // with the listener, not a suggestion; only a direction survives the question mark
        const before = res.advice.length;
        declarativeAdvice(toks, a, b, cb, res, si, false);
        if (toks[a]!.w === 'so') res.advice.length = before;
        else if (!hedgedBefore(toks, a, b)) for (let x = res.advice.length - 1; x >= before; x--) if (!QUESTION_ADVICE.has(res.advice[x]!.rule) && !(res.advice[x]!.rule === 'ADV-MODAL' && suggestingModal(toks, a, b, res.advice[x]!.s))) res.advice.splice(x, 1);
      }
      // "Do you think (that) it might be time to move on?": a suggestion put as a question about the listener's view
      else if (res.advice.length === 0 && toks[q0]?.w === 'do' && toks[q0 + 1]?.w === 'you' && (toks[q0 + 2]?.w === 'think' || toks[q0 + 2]?.w === 'feel' || toks[q0 + 2]?.w === 'suppose')) {
        const q1 = q0 + 3 + (toks[q0 + 3]?.w === 'that' ? 1 : 0);
        if (q1 < b && toks[q1]!.w !== 'you' && toks[q1]!.w !== 'i') declarativeAdvice(toks, q1, b, cb, res, si, false);
      }
      continue;
    }
    reflectionFacts(toks, a, b, cb, res);
    // ---- self-disclosure anchors
    const sdBefore = res.sd.length;
    const link = findExplicitLink(toks, a, b, cb);
    const s0 = toks[a]!.w;
    // requests ("Please help me…", "Help me fix my essay") and thanks are not disclosures
    const request = s0 === 'please' || (s0 === 'help' && toks[a + 1]?.w === 'me');
    const thanks = s0 === 'thanks' || (s0 === 'thank' && toks[a + 1]?.w === 'you');
    // Character range of the hypothetical clauses in this sentence ("I would hate it too if my brother did that"):
    // no disclosure, link or felt emotion comes from them ("I would feel the same way if it were me" links nothing,
    // §4.4 needs a shared experience). Advice frames found below ("I would just…") widen it.
    let hypoFrom = -1;
    let hypoTo = -1;
    for (let k = a; k < b - 1; k++) {
      if (toks[k]!.w === 'i' && toks[k + 1]!.w === 'would' && hypotheticalI(toks, k, a, b)) {
        if (hypoFrom < 0) hypoFrom = toks[k]!.s;
        hypoTo = Math.max(hypoTo, clauseEnd(toks, k, b));
      }
    }
    if (link && !(link.s >= hypoFrom && link.s < hypoTo)) {
      res.explicitLink ??= link;
      res.sd.push({ s: link.s, e: toks[b - 1]!.e, rule: 'SD-EXPLICIT-LINK' });
    }
    for (let k = request ? b : a; k < b; k++) {
      const w = toks[k]!.w;
      if (quoted !== undefined && FIRST_PERSON.has(w) && insideQuote(quoted, toks[k]!.s)) continue;
      if (w === 'i' || w === 'we') {
        if (k + 1 >= b) continue;
        // self-introduction "I'm Dawn": a capitalised name after "I am"
        if (w === 'i' && toks[k + 1]!.w === 'am' && k + 2 < b && isCapitalised(text, toks[k + 2]!) && toks[k + 2]!.w !== 'i') continue;
        // generic "we" ("when we trust someone", "we all get colds") is a world statement
        if (w === 'we' && (WE_GENERIC_BEFORE.has(toks[k - 1]?.w ?? '') || toks[k + 1]?.w === 'all' || (toks[k + 1]?.w === 'do' && toks[k + 2]?.w === 'know'))) continue;
        const g = matchAt(P.greeting, toks, k, b);
        if (g) {
          frame.fill(1, k, k + g.len);
          res.greetingFormula ??= { s: toks[k]!.s, e: toks[k + g.len - 1]!.e, rule: 'EMO-ANSWER-FEELING-Q' };
          k += g.len - 1;
          continue;
        }
        const lg = matchAt(P.logistics, toks, k, b);
        if (lg) {
          frame.fill(1, k, k + lg.len);
          k += lg.len - 1;
          continue;
        }
        if (w === 'i' && politeFeelingPredicate(toks, k, b, cb)) {
          // the whole clause is the formula ("I am glad I was able to help", "I'll be happy to")
          while (k + 1 < b && !HARD_BREAK.has(toks[k + 1]!.w)) k++;
          continue;
        }
        if (matchAt(P.commitment, toks, k, b)) {
          // "I'll give you a quick overview", "I will call you Monday": the helper's offer to the listener in this
          // talk is call logistics, not a plan of the speaker's own life
          if (w === 'i' && listenerObject(toks, k, b)) continue;
          // plans and commitments are disclosure (§4.5.9), checked before logistics
          res.sd.push({ s: toks[k]!.s, e: toks[b - 1]!.e, rule: 'SD-PLAN' });
          continue;
        }
        let skip = matchAt(P.acknowledgement, toks, k, b) ?? matchAt(P.logistics, toks, k, b);
        if (!skip) {
          skip = matchAt(P.hypothetical, toks, k, b);
          if (skip) {
            if (hypoFrom < 0) hypoFrom = toks[k]!.s;
            hypoTo = Math.max(hypoTo, clauseEnd(toks, k, b));
          }
        }
        skip ??= matchAt(P.maxims, toks, k, b);
        if (skip) {
          frame.fill(1, k, k + skip.len);
          k += skip.len - 1;
          continue;
        }
        if (w === 'i' && mentalAboutOther(toks, k, b)) continue;
        // "from what I've seen/heard", "…a vaccine, I heard": where a statement about the world comes from
        if (w === 'i' && evidential(toks, k, b)) continue;
        // "If I may add an idea", "if I could ask": permission-asking (§4.5.6); "I thank you": thanks
        if (w === 'i' && ((toks[k - 1]?.w === 'if' && (toks[k + 1]!.w === 'may' || toks[k + 1]!.w === 'might')) || toks[k + 1]!.w === 'thank')) continue;
        if (w === 'i' && helperStance(toks, k, b)) continue;
        if (w === 'i' && (processTalk(toks, k, b) || talkMarker(toks, k))) continue;
        // "I really recommend…" frames advice, it has no personal content (§4.1 exclude)
        if (w === 'i' && recommendVerb(toks, k, b)) continue;
        // hypothetical empathy "I would be worried too", "I would hate it too if my brother…" is not a disclosure
        if (w === 'i' && toks[k]!.s >= hypoFrom && toks[k]!.s < hypoTo && (toks[k + 1]!.w === 'would' || toks[k - 1]?.w === 'if')) continue;
        if (toks[k + 1]!.w === w) continue; // stutter "I-I can…": the second one is the anchor
        // the listener's words voiced in the first person ("you're … saying, I wanna do things differently")
        if (toks[k - 1]?.w === ',' && VOICING.has(toks[k - 2]?.w ?? '') && hasYouSubjectBefore(toks, a, k)) continue;
        if (w === 'i' && toks[k - 1]?.w === 'if' && (toks[k + 1]?.w === 'were' || toks[k + 1]?.w === 'was') && toks[k + 2]?.w === 'you') continue;
        if (w === 'we') {
          let j = k + 1;
          while (j < b && ADVERBS.has(toks[j]!.w)) j++;
          const n = toks[j]?.w;
          if (n === undefined || j >= b || WE_SKIP_MODAL.has(n) || n === 'going' || isPunct(n)) continue;
          // the institution's "we": "We recommend…", "the guidelines we use", "We call those trigger moments"
          if (INSTITUTIONAL_VERBS.has(n) || (n === 'do' && toks[j + 1]?.w === 'not' && INSTITUTIONAL_VERBS.has(toks[j + 2]?.w ?? ''))) continue;
        }
        res.sd.push({ s: toks[k]!.s, e: clauseEnd(toks, k, b), rule: 'SD-FIRST-PERSON' });
      } else if ((w === 'me' || w === 'my' || w === 'myself') && toks[k]!.s >= hypoFrom && toks[k]!.s < hypoTo) {
        // the rest of a hypothetical or advice frame ("I would start selling my old games online", "…if my partner did that")
        continue;
      } else if (w === 'me' && (toks[k - 1]?.w === 'were' || toks[k - 1]?.w === 'was') && toks[k - 2]?.w === 'it' && toks[k - 3]?.w === 'if') {
        // "If it were me, I'd talk to HR": the frame of a hypothetical, not the speaker's life
        continue;
      } else if (w === 'me') {
        const cs = isClauseStart(toks, k, a, cb);
        if (cs) {
          res.sd.push({ s: toks[k]!.s, e: clauseEnd(toks, k, b), rule: 'SD-ME-SUBJECT' });
        } else if (hearsay(toks, k, a)) {
          // "Somebody told me that patience matters most": hearsay wisdom, nothing of the speaker's life
        } else if (!imperativeStart && !thanks && !(toks[k - 1]?.w === 'to' && SEEMS.has(toks[k - 2]?.w ?? '')) && !ME_OBJECT_BLOCK.has(toks[k - 1]?.w ?? '') && !hasYouSubjectBefore(toks, a, k)) {
          res.sd.push({ s: toks[a]!.s, e: toks[k]!.e, rule: 'SD-ME-OBJECT' });
        }
      } else if (w === 'my' || w === 'our' || w === 'myself' || w === 'mine') {
        if (imperativeStart || k + 1 > b) continue;
        if (toks[k - 1]?.w === 'oh' || matchAt(P.possessiveNot, toks, k, b)) continue;
        // "in my opinion / view / mind / book / experience": an opinion or maxim frame (§4.1 exclude, §4.5.6)
        if (toks[k - 1]?.w === 'in' && OPINION_FRAME.has(toks[k + 1]?.w ?? '')) continue;
        if (w === 'my' && vocative(toks, k, a, b)) continue;
        if (w === 'our' && HUMAN_FACULTY.has(toks[k + 1]?.w ?? '')) continue;
        res.sd.push({ s: toks[k]!.s, e: clauseEnd(toks, k, b), rule: 'SD-POSSESSIVE' });
      }
    }
    // ---- own emotion
    const hadSD = res.sd.length > sdBefore;
    const emotionBefore = res.emotion.length;
    ownEmotion(toks, a, b, cb, res, imperativeStart, hadSD || res.sd.length > 0, frame);
    // "I would hate it too": a feeling imagined, not had
    if (hypoFrom >= 0) for (let x = res.emotion.length - 1; x >= emotionBefore; x--) if (res.emotion[x]!.s >= hypoFrom && res.emotion[x]!.s < hypoTo) res.emotion.splice(x, 1);
    if (res.sd.length > sdBefore) {
      if (listenerDirected(toks, a, b)) sdListener++;
      else sdOther++;
      for (let k = a; k < b; k++) {
        const w = toks[k]!.w;
        if (IRREGULAR_PAST.has(w) || (w.length > 4 && w.endsWith('ed'))) res.pastTense = true;
        addTopic(w, cb, res);
      }
    } else {
      for (let k = a; k < b; k++) addTopic(toks[k]!.w, cb, res);
    }
    // ---- advice
    const adviceBefore = res.advice.length;
    declarativeAdvice(toks, a, b, cb, res, si, imperativeStart);
    // "I think joining a club is a good idea": the opinion frame carries advice, not the speaker's life (§4.1 exclude)
    if (res.advice.length > adviceBefore && res.sd.length > sdBefore && opinionFrameOnly(toks, a, b, res.sd, sdBefore, res.advice[adviceBefore]!.s)) {
      res.sd.length = sdBefore;
      if (listenerDirected(toks, a, b)) sdListener--;
      else sdOther--;
    }
    // a suggestion question typed without its "?" ("…, have you tried talking to them about it.")
    if (res.advice.length === adviceBefore) {
      for (let k = a; k < b - 2; k++) {
        if ((k === a || toks[k - 1]!.w === ',') && ((QUESTION_AUX.has(toks[k]!.w) && (toks[k + 1]!.w === 'you' || toks[k + 1]!.w === 'there')) || ((toks[k]!.w === 'what' || toks[k]!.w === 'how') && toks[k + 1]!.w === 'about'))) {
          suggestionQuestion(toks, k, b, cb, res, si);
          break;
        }
      }
    }
    const tr = findPhrase(P.transfer, toks, a, b) ?? foundThatHelps(toks, a, b);
    if (tr) {
      res.transfer ??= { s: toks[tr.i]!.s, e: toks[tr.i + tr.len - 1]!.e, rule: 'ADV-IMPLICIT-NARRATIVE' };
      for (let j = tr.i; j < tr.i + tr.len; j++) if (toks[j]!.w === 'you') res.transferToListener = true;
    }
  }
  res.greetingOrLogisticsQ = res.hasQuestion && allGreetingQ;
  res.sdListenerOnly = sdListener > 0 && sdOther === 0;
  return res;
}

