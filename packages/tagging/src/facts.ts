/** Facts about questions and reflections that the sequence layer needs (ellipsis §3, §4.5.3). */
import type { Codebook } from './codebook.js';
import { type Tok } from './tokenize.js';
import { type Analysis, findPhrase } from './shared.js';

export function questionFacts(toks: Tok[], a: number, b: number, cb: Codebook, res: Analysis): void {
  let you = false;
  for (let k = a; k < b; k++) if (cb.sets.personalQ.has(toks[k]!.w)) you = true;
  // asking the listener for help or advice ("Do you have any suggestions?") is not a question about them
  if (you && !findPhrase(cb.phrases.permission, toks, a, b) && !findPhrase(cb.phrases.adviceRequest, toks, a, b)) res.personal = true;
  // "How are things?", "How was school?", "How's it going?" ask about the listener's life as "How are you?" does
  else if (howIsLife(toks, a, b)) res.personal = true;
  if (findPhrase(cb.phrases.feelingQ, toks, a, b)) res.feeling = true;
  for (let ti = 0; ti < res.emotionTerms.length; ti++) {
    const t = res.emotionTerms[ti]!;
    if (t.start >= toks[a]!.s && t.end <= toks[b - 1]!.e && !t.negated && t.category !== 'formula' && t.category !== 'general' && listenerExperiencer(toks, res.termIdx[ti]!, a)) res.feeling = true;
  }
}

const LIFE_WORDS = new Set(['things', 'everything', 'life', 'going', 'school', 'work', 'class', 'day', 'week', 'weekend', 'today', 'practice', 'job', 'home']);
const HOW_BE = new Set(['is', 'are', 'was', 'were', 'has', 'have', "'s", 'did']);
/** "How are things?", "How was school today?", "How is it going?": how + be + a word for the listener's days. */
function howIsLife(toks: Tok[], a: number, b: number): boolean {
  for (let k = a; k < b - 2; k++) {
    if (toks[k]!.w !== 'how' || !HOW_BE.has(toks[k + 1]!.w)) continue;
    for (let j = k + 2; j < b && j <= k + 4; j++) if (LIFE_WORDS.has(toks[j]!.w)) return true;
  }
  return false;
}

/** The feeling in a question/reflection is the listener's: nearest person before it is "you", or none ("Scared?"). */
export function listenerExperiencer(toks: Tok[], k: number, a: number): boolean {
  for (let j = k - 1; j >= a; j--) {
    const w = toks[j]!.w;
    if (w === 'you' || w === 'your' || w === 'yourself') return true;
    if (w === 'he' || w === 'she' || w === 'they' || w === 'friend' || w === 'him' || w === 'her' || w === 'them' || w === 'i' || w === 'we' || w === 'people') return false;
  }
  return true;
}

/** Reflection: a statement that sums up the listener ("So you're nervous about…", "Sounds like you'd rather…"). */
export function reflectionFacts(toks: Tok[], a: number, b: number, cb: Codebook, res: Analysis): void {
  let j = a;
  // empathic reflection of the listener's state: "That sounds so hard", "It must be very difficult"
  let e0 = a;
  while (e0 < b && cb.sets.discourse.has(toks[e0]!.w)) e0++;
  const x0 = toks[e0]?.w;
  const x1 = toks[e0 + 1]?.w;
  if ((x0 === 'that' || x0 === 'it' || x0 === 'this') && (x1 === 'sounds' || x1 === 'must' || x1 === 'seems') || x0 === 'sounds' || (x0 === 'must' && x1 === 'be')) {
    for (const t of res.emotionTerms) {
      if (t.start >= toks[e0]!.s && t.end <= toks[b - 1]!.e && !t.negated && t.category !== 'formula') {
        res.personal = true;
        res.feeling = true;
      }
    }
    if (/\b(hard|difficult|tough|rough|scary|painful|stressful|frustrating|upsetting|overwhelming|awful|terrible)\b/.test(toks.slice(e0, b).map((t) => t.w).join(' '))) {
      res.personal = true;
      res.feeling = true;
    }
  }
  while (j < b && (cb.sets.discourse.has(toks[j]!.w) || REFLECTION_LEAD.has(toks[j]!.w))) j++;
  // "So your goal was clean your room", "Your favourite is pizza": a summary of the listener's own thing
  if (toks[j]?.w === 'your' && j === e0) {
    for (let k = j + 1; k < b && k <= j + 3; k++) {
      if (toks[k]!.w === 'is' || toks[k]!.w === 'was' || toks[k]!.w === 'are' || toks[k]!.w === 'were') {
        if (k + 1 < b) res.personal = true;
        return;
      }
    }
    return;
  }
  if (toks[j]?.w !== 'you' || j >= b - 1) return;
  const n = toks[j + 1]!.w;
  // "you should…" is advice, not a summary of the listener; "you want to feel…" still sums up their state
  const feelVerbAt = (k: number) => cb.sets.feelVerbs.has(toks[k]?.w ?? '');
  let feels = false;
  for (let k = j + 1; k < b; k++) if (feelVerbAt(k)) feels = true;
  // "Sounds like you want to move out": with a reflection lead, "you want" sums up the listener's wish
  if (cb.sets.youModals.has(n) && n !== 'would' && n !== 'have' && !(n === 'want' && (feels || j > e0))) return;
  if (n === 'know' || n === 'see') return;
  // "You're welcome!": the politeness formula, not a summary of the listener
  if ((n === 'are' || n === 'is') && (WELCOME.has(toks[j + 2]?.w ?? '') || (toks[j + 2]?.w === 'very' && WELCOME.has(toks[j + 3]?.w ?? '')))) return;
  res.personal = true;
  for (let ti = 0; ti < res.emotionTerms.length; ti++) {
    const t = res.emotionTerms[ti]!;
    if (t.start < toks[j]!.s || t.end > toks[b - 1]!.e || t.negated || t.category === 'formula') continue;
    // a weak word (good, bad, better) names a feeling right after a feeling verb: "you feel good about yourself"
    const k = res.termIdx[ti]!;
    if (t.category !== 'general' || feelVerbAt(k - 1) || (feelVerbAt(k - 2) && ADV.has(toks[k - 1]!.w))) res.feeling = true;
  }
}

const WELCOME = new Set(['welcome', 'welcomed', 'welome', 'welcom', 'wellcome']);
const REFLECTION_LEAD = new Set(['i', 'think', 'guess', 'sounds', 'seems', 'it', 'like', 'that', 'must', 'be', ',', 'yeah', 'yes', 'right', 'okay', 'ok', 'mm', 'hmm', 'mhm']);
const ADV = new Set(['so', 'really', 'very', 'pretty', 'more', 'less', 'quite', 'a', 'bit', 'much']);
