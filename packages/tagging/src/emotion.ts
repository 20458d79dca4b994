/** Emotion helpers of the rule layer (§4.2, §4.5.1 difficulty, §4.5.2 negation): terms, experiencer, own emotion. */
import type { Codebook, EmotionEntry } from './codebook.js';
import { type Tok } from './tokenize.js';
import { type Analysis, SELF, OTHER, IT, HARD_BREAK, ADVERBS, matchAt, isPunct } from './shared.js';

const ABSENCE_OBJ = new Set(['school', 'work', 'class', 'classes', 'practice', 'days', 'day', 'a', 'two', 'three', 'some', 'the']);
export const MISS_OBJ = new Set(['my', 'him', 'her', 'them', 'you', 'it', 'home', 'our', 'his', 'their', 'having', 'being', 'seeing', 'living', 'old', 'going', 'everyone', 'school', 'work']);
export const SEEMS = new Set(['sounds', 'seems', 'looks', 'sound', 'seem', 'look', 'important', 'clear', 'obvious']);
/** "I am happy (to) assist", "I'm so glad I got to talk with you": the whole predicate is a politeness formula. */
export function politeFeelingPredicate(toks: Tok[], k: number, b: number, cb: Codebook): boolean {
  let j = k + 1;
  if ((toks[j]?.w === 'would' || toks[j]?.w === 'will') && toks[j + 1]?.w === 'be') j += 2;
  else if (toks[j]?.w === 'am' || toks[j]?.w === 'was' || toks[j]?.w === 'feel' || toks[j]?.w === 'felt') j++;
  else if (toks[j]?.w !== 'enjoyed' && toks[j]?.w !== 'really') return false;
  while (j < b && (toks[j]!.w === 'so' || toks[j]!.w === 'very' || toks[j]!.w === 'really' || toks[j]!.w === 'more' || toks[j]!.w === 'than')) j++;
  const e = cb.emotionWords.get(toks[j]?.w ?? '');
  if (e !== undefined && thanksFormula(toks, j, e)) return true;
  return e !== undefined && (e.category === 'happiness' || (e.weak === true && e.valence === 'positive' && FEEL_VERB.has(toks[k + 1]!.w))) && politeHappy(toks, j);
}
const STANCE_FEELING = new Set(['confident', 'hopeful', 'optimistic', 'positive']);
/** "I'm confident you'll find something", "hopeful that you will…": a stance on the listener's prospects, not a feeling. */
function stanceOnListener(toks: Tok[], k: number): boolean {
  if (!STANCE_FEELING.has(toks[k]!.w)) return false;
  const n = toks[k + 1]?.w === 'that' ? toks[k + 2]?.w : toks[k + 1]?.w;
  return n === 'you' || n === 'your';
}
const DETERMINERS = new Set(['the', 'a', 'an', 'your', 'my', 'his', 'her', 'their', 'our', 'this', 'that', 'these', 'those']);
const RATING_END = new Set(['and', 'but', 'because', 'for', 'of', 'so', 'to', 'now', 'lately', 'right', 'too', 'honestly', 'though']);
/** The rating ends its clause ("it was terrible.", "it feels awful because…"), it does not modify a noun ("a terrible company"). */
function predicateEnd(toks: Tok[], k: number, b: number): boolean {
  const n = toks[k + 1]?.w;
  return k + 1 >= b || n === undefined || isPunct(n) || RATING_END.has(n);
}
const STRONG_BAD = new Set(['terrible', 'awful', 'horrible', 'worst', 'crappy', 'lousy']);
const GOOD_STATE = new Set(['good', 'fine', 'okay', 'ok', 'alright', 'well', 'great']);
const NOT_STATE_NEXT = new Set(['at', 'enough', 'for', 'to', 'with', 'about', 'that', 'if']);
const FEEL_VERB = new Set(['feel', 'felt', 'feels']);
/** "I feel good to send you…": the helper's satisfaction with helping is a politeness formula like "happy to help". */
function weakPolite(toks: Tok[], k: number, entry: EmotionEntry): boolean {
  if (entry.weak !== true || entry.valence !== 'positive') return false;
  let j = k - 1;
  while (j >= 0 && (toks[j]!.w === 'so' || toks[j]!.w === 'very' || toks[j]!.w === 'really')) j--;
  return FEEL_VERB.has(toks[j]?.w ?? '') && politeHappy(toks, k);
}
export function isCapitalised(text: string, t: Tok): boolean {
  const c = text.charCodeAt(t.s);
  return c >= 65 && c <= 90;
}

export function collectEmotionTerms(text: string, toks: Tok[], a: number, b: number, cb: Codebook, res: Analysis): void {
  for (let k = a; k < b; k++) {
    let entry: EmotionEntry | undefined;
    let len = 1;
    const m = toks[k]!.p ? matchAt(cb.emotionPhrases, toks, k, b) : undefined;
    if (m) {
      entry = m.value;
      len = m.len;
    } else entry = cb.emotionWords.get(toks[k]!.w);
    if (!entry) continue;
    const w = toks[k]!.w;
    if (len === 1 && cb.needsCopula.has(w) && !afterCopula(toks, k, a, cb)) continue;
    // "Concerning your letter…", "Down the street…", "Lost my keys": a preposition or a verb opening the sentence
    if (len === 1 && k === a && cb.needsCopula.has(w) && DETERMINERS.has(toks[k + 1]?.w ?? '')) continue;
    if (len === 1 && (w === 'miss' || w === 'missed' || w === 'misses' || w === 'missing') && !MISS_OBJ.has(toks[k + 1]?.w ?? '') && !(toks[k + 1] && isCapitalised(text, toks[k + 1]!))) continue;
    // "I tell Miss Carol": a title before a name
    if (len === 1 && w === 'miss' && k > a && isCapitalised(text, toks[k]!) && toks[k + 1] && isCapitalised(text, toks[k + 1]!)) continue;
    // "I missed work / school / class" is an absence; "I miss school" is longing
    if (len === 1 && w === 'missed' && ABSENCE_OBJ.has(toks[k + 1]?.w ?? '')) continue;
    if (len === 1 && entry.weak && w === 'well' && (k === a || !afterCopula(toks, k, a, cb))) continue;
    if (len === 1 && ((entry.category === 'happiness' && politeHappy(toks, k)) || weakPolite(toks, k, entry) || stanceOnListener(toks, k) || thanksFormula(toks, k, entry))) entry = { ...entry, formulaic: true, category: 'formula', valence: 'neutral' };
    if (len === 1 && w === 'like') continue;
    if (len === 1 && w === 'low' && (toks[k + 1]?.w === 'on' || toks[k + 1]?.w === 'key')) continue; // "low on money"
    if (len === 1 && PRESSURE.has(w) && physicalPressure(toks, k, b)) continue;
    res.emotionTerms.push({
      term: toks.slice(k, k + len).map((t) => t.w).join(' '),
      category: entry.category,
      valence: entry.valence,
      negated: negated(toks, k, a, cb),
      start: toks[k]!.s,
      end: toks[k + len - 1]!.e,
    });
    res.termIdx.push(k);
    res.termEntry.push(entry);
    k += len - 1;
  }
}

const TALK_GERUNDS = new Set(['talking', 'chatting', 'speaking', 'meeting', 'working']);
const THANKED_FOR = new Set(['help', 'advice', 'time', 'support', 'listening', 'chat', 'talk', 'kindness', 'words', 'suggestions', 'suggestion', 'ideas', 'patience', 'concern']);
/**
 * Thanks in other words (§4.2 exclude, formulaic politeness): "I'm grateful for your advice", "thankful for your
 * time", "I enjoyed talking to you". "I'm grateful for my family" and "I enjoyed the game" stay feelings.
 */
function thanksFormula(toks: Tok[], k: number, entry: EmotionEntry): boolean {
  const n = toks[k + 1]?.w;
  if (entry.category === 'gratitude') {
    if (n === 'to' && (toks[k + 2]?.w === 'you' || (toks[k + 2]?.w === 'have' && toks[k + 3]?.w === 'you'))) return true;
    if (n !== 'for') return false;
    const d = toks[k + 2]?.w;
    return d === 'you' || ((d === 'your' || d === 'the' || d === 'this' || d === 'our') && THANKED_FOR.has(toks[k + 3]?.w ?? ''));
  }
  return entry.category === 'love' && (toks[k]!.w === 'enjoyed' || toks[k]!.w === 'enjoy') && TALK_GERUNDS.has(n ?? '') && (toks[k + 2]?.w === 'with' || toks[k + 2]?.w === 'to') && toks[k + 3]?.w === 'you';
}

const PRESSURE = new Set(['pressure', 'pressures']);
const PHYSICAL_BEFORE = new Set(['blood', 'water', 'air', 'tire', 'tyre', 'oil', 'cabin', 'eye', 'ear']);
const PHYSICAL_AFTER = new Set(['high', 'low', 'up', 'down', 'reading', 'readings', 'medicine', 'medication', 'meds', 'pills', 'cuff', 'check', 'normal']);
/** "blood pressure", "my pressure reading went up": the measurement, not the feeling of being pressured. */
function physicalPressure(toks: Tok[], k: number, b: number): boolean {
  if (PHYSICAL_BEFORE.has(toks[k - 1]?.w ?? '')) return true;
  for (let j = k + 1; j < b && j <= k + 4; j++) if (PHYSICAL_AFTER.has(toks[j]!.w)) return true;
  return false;
}

/** "glad you called", "happy to help", "glad I could chat with you": closing/service politeness (§4.2 exclude). */
export function politeHappy(toks: Tok[], k: number): boolean {
  const n = toks[k + 1]?.w;
  const n2 = toks[k + 2]?.w;
  if (n === 'you' || (n === 'that' && n2 === 'you')) return true;
  if (n === 'help' || n === 'assist') return true;
  // a bare "I'm glad." / "So glad!" answers the partner's news (politeness), it does not disclose a feeling
  if ((n === undefined || n === '.' || n === '!' || n === ',') && toks[k]!.w === 'glad') return true;
  // "I'd be happy to." / "I will be glad to!"
  if (n === 'to' && (n2 === undefined || isPunct(n2))) return true;
  if (n === 'to' && (n2 === 'help' || n2 === 'assist' || n2 === 'chat' || n2 === 'talk' || n2 === 'hear' || n2 === 'be' || n2 === 'meet' || n2 === 'see' || n2 === 'listen' || n2 === 'share' || n2 === 'connect' || n2 === 'speak')) return true;
  // "glad to have you back", "good to point you in the right direction", "good asking you about…": doing something for
  // the listener in this talk
  if ((n === 'to' || (n !== undefined && n.length > 4 && n.endsWith('ing'))) && listenerSoon(toks, k + 2)) return true;
  // "glad we were able to chat", "happy we could talk today": about the conversation itself
  if (n === 'we' || (n === 'that' && n2 === 'we')) {
    for (let j = k + (n === 'we' ? 2 : 3); j < toks.length && j <= k + 7; j++) if (TALK_VERBS.has(toks[j]!.w)) return true;
  }
  if ((n === 'i' || (n === 'that' && n2 === 'i')) && /^(could|can)$/.test(toks[k + (n === 'i' ? 2 : 3)]?.w ?? '')) return true;
  if ((n === 'i' || (n === 'that' && n2 === 'i')) && toks[k + (n === 'i' ? 2 : 3)]?.w === 'was' && toks[k + (n === 'i' ? 3 : 4)]?.w === 'able') return true;
  if (n === 'for' && n2 === 'you') return false;
  return false;
}

const TALK_VERBS = new Set(['chat', 'chatted', 'talk', 'talked', 'speak', 'spoke', 'connect', 'connected', 'meet', 'met']);
function listenerSoon(toks: Tok[], j: number): boolean {
  for (let m = j; m < toks.length && m < j + 4; m++) {
    const w = toks[m]!.w;
    if (w === 'you' || w === 'your') return true;
    if (HARD_BREAK.has(w) || w === '.' || w === 'my' || w === 'me' || w === 'i') return false;
  }
  return false;
}

export function afterCopula(toks: Tok[], k: number, a: number, cb: Codebook): boolean {
  for (let j = k - 1; j >= a && j >= k - 4; j--) {
    const w = toks[j]!.w;
    if (cb.sets.copulas.has(w) || w === 'me') return true;
    if (!cb.sets.intensifiers.has(w) && !cb.sets.negators.has(w)) return false;
  }
  return k === a; // fragment "Alone." / "Down today."
}

/** Clause-scoped negation: a negator between the clause start and the term. "not only/just" does not negate. */
export function negated(toks: Tok[], k: number, a: number, cb: Codebook): boolean {
  for (let j = k - 1; j >= a; j--) {
    const w = toks[j]!.w;
    if (HARD_BREAK.has(w) || (cb.sets.clauseBreakers.has(w) && !(w === 'so' && (j === k - 1 || cb.sets.intensifiers.has(toks[j + 1]!.w))))) return false;
    if ((w === 'i' || w === 'you' || w === 'he' || w === 'she' || w === 'they' || w === 'we') && j < k - 1) return false;
    if (cb.sets.negators.has(w)) {
      if (j === a && (w === 'no' || w === 'nope')) return false; // interjection "No I was scared"
      if (matchAt(cb.phrases.negationExceptions, toks, j, k + 1)) continue;
      // the negator must govern the feeling: only auxiliaries, copulas and intensifiers in between
      // ("I don't feel sad" is negated; "I can't shake being depressed" is not)
      for (let m = j + 1; m < k; m++) {
        const x = toks[m]!.w;
        if (!(cb.sets.copulas.has(x) || cb.sets.intensifiers.has(x) || cb.sets.negators.has(x) || NEG_AUX.has(x))) return false;
      }
      return true;
    }
  }
  return false;
}

export const ME_EXPERIENCER = new Set(['make', 'made', 'makes', 'making', 'get', 'got', 'gets', 'getting', 'leave', 'left', 'leaves', 'keep', 'keeps', 'kept', 'let', 'lets', 'help', 'helps', 'helped', 'and', 'but', 'so', 'just']);
export const LIFE_SUBJECT = new Set(['it', 'things', 'life', 'everything', 'stuff', 'times']);
/** "It's tough." / "Things have been rough": difficulty of one's situation, not a task rating ("the test was hard", "hard to…"). */
export function difficultyOfLife(toks: Tok[], k: number, a: number): boolean {
  const n = toks[k + 1]?.w;
  if (n === 'to' || n === 'for' || n === 'on') return false;
  for (let j = k - 1; j >= a && j >= k - 5; j--) {
    const w = toks[j]!.w;
    if (LIFE_SUBJECT.has(w)) return true;
    if (!(w === 'is' || w === 'was' || w === 'been' || w === 'has' || w === 'have' || w === 'so' || w === 'really' || w === 'very' || w === 'pretty' || w === 'just' || w === 'still' || w === 'kind' || w === 'of' || w === 'a' || w === 'bit' || w === 'little' || w === 'quite')) return false;
  }
  return k === a;
}

export const NEG_AUX = new Set(['do', 'does', 'did', 'have', 'has', 'had', 'will', 'would', 'can', 'could', 'should', 'that', 'too', 'really', 'all', 'at', 'particularly', 'very', 'overly', 'much', 'any', 'anymore', 'worry', 'care', 'mind']);
/** The sentence before this fragment is about someone else ("She always cry at movies. Happy cry."). */
export function thirdPersonBefore(toks: Tok[], a: number): boolean {
  let j = a - 1;
  while (j >= 0 && isPunct(toks[j]!.w)) j--;
  let start = j;
  while (start > 0 && !TERMINAL_W.has(toks[start - 1]!.w)) start--;
  const w = toks[start]?.w;
  return j >= 0 && (w === 'she' || w === 'he' || w === 'they' || w === 'her' || w === 'his' || w === 'their');
}
export const TERMINAL_W = new Set(['.', '!', '?']);

export type Experiencer = 'self' | 'other' | 'it' | 'none';

export function experiencer(toks: Tok[], k: number, a: number, cb: Codebook): Experiencer {
  let passed = 0;
  const n1 = toks[k + 1]?.w;
  if (n1 === 'me' || (n1 === 'the' && toks[k + 2]?.w === 'hell' && toks[k + 4]?.w === 'me')) return 'self';
  if ((n1 === 'making' || n1 === 'make' || n1 === 'made' || n1 === 'makes') && toks[k + 2]?.w === 'you') return 'other';
  if (n1 === 'is' && toks[k + 2]?.w === 'making' && toks[k + 3]?.w === 'you') return 'other';
  for (let j = k - 1; j >= a; j--) {
    const w = toks[j]!.w;
    if (w === 'me') {
      const p = toks[j - 1]?.w ?? '';
      if (j === k - 1 || ME_EXPERIENCER.has(p) || j === a || isPunct(p)) return 'self';
      return 'other';
    }
    if (SELF.has(w)) return 'self';
    if (w === 'how' || w === 'imagine' || w === 'understand' || w === 'sensing' || w === 'sense') return 'other';
    if (w === 'my') return passed === 0 ? 'self' : 'other';
    if (OTHER.has(w)) return 'other';
    if (IT.has(w)) return 'it';
    if (isPunct(w) || cb.sets.clauseBreakers.has(w)) continue;
    if (cb.sets.intensifiers.has(w) || cb.sets.copulas.has(w) || cb.sets.negators.has(w) || ADVERBS.has(w)) continue;
    passed++;
    if (passed > 7) return 'none';
  }
  return 'none';
}

export const HARD = new Set(['hard', 'difficult', 'painful', 'tough', 'rough']);
export const HARD_NEXT = new Set(['not', 'for', 'because', 'but', 'and', 'now', 'right', 'lately', 'sometimes', 'without', 'since', 'these', 'with', 'being', 'at', 'ever']);

export function ownEmotion(toks: Tok[], a: number, b: number, cb: Codebook, res: Analysis, imperative: boolean, utteranceSD: boolean, frame: Uint8Array): void {
  if (imperative) return; // "Don't be scared", "Try not to worry": the listener's, and advice
  // "It is very difficult." / "It's extremely hard not to see my cousins": a life circumstance, not a task (§4.5.1)
  for (let k = a; k < b; k++) {
    const w = toks[k]!.w;
    if (!HARD.has(w) || res.emotionTerms.some((t) => t.start === toks[k]!.s)) continue;
    const n = toks[k + 1]?.w;
    const next = k + 1 >= b || n === undefined || HARD_NEXT.has(n) || n === ',';
    if (next && n !== 'for' ? difficultyOfLife(toks, k, a) : n === 'for' && toks[k + 2]?.w === 'me') {
      if (!negated(toks, k, a, cb) && !listenersDifficulty(toks, k, a, b)) {
        res.emotionTerms.push({ term: w, category: 'difficulty', valence: 'negative', negated: false, start: toks[k]!.s, end: toks[k]!.e });
        res.termIdx.push(k);
        res.termEntry.push({ category: 'difficulty', valence: 'negative', weak: false, formulaic: false, difficulty: true });
        res.emotion.push({ s: toks[k]!.s, e: toks[k]!.e, rule: 'EMO-DIFFICULTY' });
      }
    }
  }
  for (let ti = 0; ti < res.emotionTerms.length; ti++) {
    const t = res.emotionTerms[ti]!;
    const k = res.termIdx[ti]!;
    const e = res.termEntry[ti]!;
    if (k < a || k >= b) continue;
    if (e.formulaic || frame[k] === 1) continue;
    // "I'd love to hear more", "I would love to visit": a wish, not the feeling of love
    if ((t.term === 'love' || t.term === 'like') && toks[k - 1]?.w === 'would' && toks[k + 1]?.w === 'to') continue;
    const exp = experiencer(toks, k, a, cb);
    // "I am not happy at all", "I'm not okay": a negated good state reports a bad one (cf. "I am not fine at all");
    // "I'm not sad" denies a feeling, "I'm not good at games" judges a skill (§4.5.1, §4.5.2)
    const n1 = toks[k + 1]?.w ?? '';
    const badState = t.negated && e.valence === 'positive' && exp === 'self' && toks[k - 1]?.w === 'not' && (e.category === 'happiness' || (e.weak && GOOD_STATE.has(t.term))) && (!NOT_STATE_NEXT.has(n1) || (n1 === 'at' && toks[k + 2]?.w === 'all'));
    let strongBad = false;
    if (e.weak) {
      // good / bad / fine: only after a feeling verb with the speaker as experiencer ("I feel bad", "Me feel good")
      let feelVerb = false;
      for (let j = k - 1; j >= a && j >= k - 4; j--) {
        const w = toks[j]!.w;
        if (cb.sets.feelVerbs.has(w)) feelVerb = true;
      }
      if (!t.negated && (exp === 'self' || exp === 'none') && res.weakFeeling === undefined) res.weakFeeling = { s: t.start, e: t.end, rule: 'EMO-ANSWER-FEELING-Q' };
      // "It was terrible", "I'm doing awful": a strong bad rating of one's own experience in a disclosing turn
      // evaluates one's own state (§4.2 "That was the worst day"); "good", "bad", "fine" still need a feeling verb
      strongBad = STRONG_BAD.has(t.term) && !t.negated && utteranceSD && (exp === 'it' || exp === 'none') && afterCopula(toks, k, a, cb) && predicateEnd(toks, k, b);
      if (!strongBad && ((!feelVerb && !badState) || (exp !== 'self' && exp !== 'none'))) continue;
    }
    // "not happy with my weight": dissatisfaction with something of one's own names a feeling, it does not deny one
    // (also subjectless: "just not really happy with my appearance")
    const dissatisfied = t.negated && e.valence === 'positive' && (exp === 'self' || (exp === 'none' && toks[k + 2]?.w === 'my')) && (toks[k + 1]?.w === 'with' || toks[k + 1]?.w === 'about') && !e.weak;
    if (t.negated && !dissatisfied && !badState) continue; // §4.5.2 denying an emotion is not emotion
    let own = false;
    let rule = 'EMO-FIRST-PERSON';
    if (exp === 'self') own = true;
    else if (exp === 'none') {
      own = (dissatisfied || k - a <= 2 || b - a <= cb.windows.fragmentMaxTokens) && !thirdPersonBefore(toks, a);
      rule = 'EMO-FRAGMENT';
    } else if (exp === 'it') {
      // "…she is doing better. That was encouraging.": a short past evaluation closing one's own account (§4.2)
      const closing = a > 0 && b - a <= 5 && (toks[a]!.w === 'that' || toks[a]!.w === 'it') && toks[a + 1]?.w === 'was' && !e.weak;
      own = (utteranceSD || closing) && (e.valence !== 'positive' || !e.weak);
      rule = 'EMO-OWN-EVALUATION';
    }
    if (strongBad && exp !== 'self') {
      own = true;
      rule = 'EMO-OWN-EVALUATION';
    }
    if (e.difficulty && exp !== 'self') own = exp === 'it' ? utteranceSD : exp === 'none' && (utteranceSD || k - a <= 2);
    if (e.difficulty && own) rule = 'EMO-DIFFICULTY';
    if (!own && (t.term === 'rough' || t.term === 'tough') && difficultyOfLife(toks, k, a)) {
      own = utteranceSD || b - a <= 6;
      rule = 'EMO-DIFFICULTY';
    }
    // the listener's difficulty, not the speaker's: "I know it is hard", "It is really tough but you can get through it"
    if (own && exp !== 'self' && listenersDifficulty(toks, k, a, b)) own = false;
    // "Worry about it when it happens": a bare feeling verb opening the sentence is an imperative
    if (own && rule === 'EMO-FRAGMENT' && k === a && b - a > 2 && FEELING_VERBS_BASE.has(toks[k]!.w) && IMPERATIVE_NEXT.has(toks[k + 1]?.w ?? '')) own = false;
    // "Stress messes with our brains", "Anxiety is common": the feeling noun is the subject of a statement about the
    // world, not a fragment naming the speaker's state
    if (own && rule === 'EMO-FRAGMENT' && k === a && b - a > 3 && nounSubject(toks[k + 1]?.w ?? '', cb)) own = false;
    // "The glass is empty", "That movie was boring": the word is said of a thing, there is no fragment
    if (own && rule === 'EMO-FRAGMENT' && predicatedOfThing(toks, a, k, cb)) own = false;
    // "Exercise is great for stress": the feeling noun is what something is for, not the speaker's state
    if (own && rule === 'EMO-FRAGMENT' && k - a >= 3 && PURPOSE_PREP.has(toks[k - 1]!.w)) own = false;
    if (own) res.emotion.push({ s: t.start, e: t.end, rule });
  }
  if (res.emotion.length === 0) {
    const st = feelState(toks, a, b, cb);
    if (st) res.emotion.push({ ...st, rule: 'EMO-FEEL-STATE' });
  }
}

const FEEL_STATE_VERB = new Set(['feel', 'felt', 'feeling']);
/** Not a state after "feel": function words, stance adverbs, and body states (pain and hunger are not emotions). */
const NOT_FEEL_STATE = new Set(['like', 'that', 'as', 'it', 'you', 'the', 'a', 'an', 'for', 'about', 'free', 'this', 'these', 'those', 'what', 'how', 'when', 'if', 'i', 'me', 'my', 'your', 'his', 'her', 'our', 'their', 'them', 'him', 'us', 'strongly', 'deeply', 'truly', 'totally', 'completely', 'honestly', 'personally', 'certainly', 'differently', 'same', 'way', 'pain', 'dizzy', 'nauseous', 'nauseated', 'hot', 'cold', 'hungry', 'thirsty', 'sleepy', 'sore', 'ill', 'full', 'warm', 'weak', 'achy', 'faint', 'itchy', 'pregnant', 'something', 'nothing', 'anything', 'everything', 'things', 'no', 'any', 'some', 'to', 'with', 'and', 'but', 'or', 'so', 'too', 'there', 'here', 'now', 'then', 'today', 'at', 'in', 'on', 'up', 'out', 'of', 'by', 'from', 'into', 'its', 'more', 'less', 'much', 'many', 'one', 'guys', 'people', 'everyone', 'bad', 'well']);
/** What may follow the state word: the clause ends, or a time, reason or scope goes on ("I feel trapped at home"). */
const FEEL_STATE_NEXT = new Set(['and', 'but', 'about', 'because', 'when', 'with', 'at', 'today', 'lately', 'right', 'now', 'all', 'inside', 'sometimes', 'again', 'around', 'after', 'since', 'in', 'every', 'most', 'or', 'these', 'this', 'recently', 'anymore', 'though', 'too', 'as']);
const FEEL_HEDGE = new Set(['so', 'very', 'really', 'super', 'kind', 'kinda', 'sort', 'sorta', 'of', 'a', 'bit', 'little', 'pretty', 'quite', 'totally', 'extremely', 'just', 'somewhat', 'rather', 'even', 'also', 'still', 'always', 'sometimes', 'completely']);
const FEEL_AUX = new Set(['am', 'was', 'have', 'has', 'had', 'been', 'do', 'did', 'just', 'really', 'also', 'still', 'always', 'sometimes', 'often', 'now', 'kind', 'of', 'kinda', 'sort', 'actually', 'definitely', 'honestly', 'usually', 'even', 'would', 'will', 'can', 'could', 'started', 'start', 'begin', 'began', 'to']);
const MAKES_ME = new Set(['make', 'makes', 'made', 'making', 'let', 'lets', 'leave', 'leaves', 'left']);
/** The feeling verb's own subject is the speaker: "I (have been) feel(ing)", "it makes me feel". */
function speakerFeels(toks: Tok[], k: number, a: number): boolean {
  let j = k - 1;
  while (j >= a && FEEL_AUX.has(toks[j]!.w)) j--;
  const w = toks[j]?.w;
  return j >= a && (w === 'i' || (w === 'me' && MAKES_ME.has(toks[j - 1]?.w ?? '')));
}
/**
 * "I feel empty", "I've been feeling off", "it makes me feel trapped": the speaker names a state of their own with a
 * word the lexicon does not list (§4.2 "I felt bad"). Only after a feeling verb whose experiencer is the speaker, not
 * denied (§4.5.2), and with the state closing the clause; "I feel like…", "I feel that…" are opinions.
 */
export function feelState(toks: Tok[], a: number, b: number, cb: Codebook): { s: number; e: number } | undefined {
  for (let k = a; k < b - 1; k++) {
    if (!FEEL_STATE_VERB.has(toks[k]!.w) || !speakerFeels(toks, k, a) || negated(toks, k, a, cb)) continue;
    let j = k + 1;
    while (j < b - 1 && FEEL_HEDGE.has(toks[j]!.w)) j++;
    const w = toks[j]!.w;
    if (NOT_FEEL_STATE.has(w) || w.length < 3 || isPunct(w) || cb.emotionWords.has(w) || !/^[a-z-]+$/.test(w)) continue;
    const n = toks[j + 1]?.w;
    if (j + 1 < b && n !== undefined && !isPunct(n) && !FEEL_STATE_NEXT.has(n)) continue;
    return { s: toks[j]!.s, e: toks[j]!.e };
  }
  return undefined;
}

const PURPOSE_PREP = new Set(['for', 'against', 'with', 'reduce', 'reduces', 'relieve', 'relieves', 'manage', 'manages', 'lower', 'lowers', 'ease', 'eases']);
const AMOUNT = new Set(['bit', 'little', 'lot', 'tad']);
/** A determiner-led subject and a copula before the word: "The glass is empty" (not "A bit sad today"). */
export function predicatedOfThing(toks: Tok[], a: number, k: number, cb: Codebook): boolean {
  for (let j = a; j < k - 2; j++) {
    if (!DETERMINERS.has(toks[j]!.w) || toks[j]!.w === 'my' || toks[j]!.w === 'our' || AMOUNT.has(toks[j + 1]!.w)) continue;
    for (let c = j + 2; c < k; c++) if (cb.sets.copulas.has(toks[c]!.w)) return true;
  }
  return false;
}

const EMPATHY_VERBS = new Set(['know', 'understand', 'see', 'imagine', 'bet', 'realize', 'realise', 'get']);
const SUBJECT_VERBS = new Set(['is', 'was', 'can', 'could', 'will', 'would', 'may', 'might', 'has', 'does', 'makes', 'made', 'gets', 'comes', 'keeps', 'takes', 'affects', 'hits', 'happens']);
function nounSubject(next: string, cb: Codebook): boolean {
  if (SUBJECT_VERBS.has(next)) return true;
  // a third-person verb: "causes", "messes", "builds"
  return next.length > 3 && next.endsWith('s') && !next.endsWith('ss') && (next.endsWith('shes') || next.endsWith('sses') || next.endsWith('ches') || cb.sets.verbs.has(next.slice(0, -1)) || cb.sets.verbs.has(next.slice(0, -2)));
}
const IMPERATIVE_NEXT = new Set(['about', 'less', 'more', 'not', 'it', 'yourself']);
const FEELING_VERBS_BASE = new Set(['worry', 'stress', 'panic', 'fear', 'relax', 'calm', 'freak', 'fret', 'care', 'cry']);
function listenersDifficulty(toks: Tok[], k: number, a: number, b: number): boolean {
  for (let j = k - 1; j >= a && j >= k - 8; j--) {
    if (EMPATHY_VERBS.has(toks[j]!.w) && (toks[j - 1]?.w === 'i' || toks[j - 2]?.w === 'i' || toks[j - 3]?.w === 'i')) return true;
  }
  for (let j = k + 1; j + 1 < b && j <= k + 6; j++) if (toks[j]!.w === 'but' && (toks[j + 1]!.w === 'you' || toks[j + 2]?.w === 'you')) return true;
  return false;
}
