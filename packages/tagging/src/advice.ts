/** Advice rules of the rule layer (§4.3, §4.5.6, §4.5.7): imperatives, you + modal, suggestion questions, hypotheticals, conditionals, maxims and evaluative frames. */
import type { Codebook } from './codebook.js';
import type { AdviceForm } from './types.js';
import { EVAL_COPULA_MODALS, OPTION_NOUNS, OWN_REASONING, actionVerb, betterIfYou, gerundStem, maybeYouVerb, pseudoCleft, recommendVerb, evaluativeFrame, gerundBenefit, letsSuggestion, optionFrame, optionPredicate, ownReasoningBefore, thingBenefit, persuasiveConditional } from './advice-frames.js';
import { type Tok } from './tokenize.js';
import { type Analysis, SUBJECTS, HARD_BREAK, ADVERBS, matchAt, findPhrase, isPunct, MENTAL } from './shared.js';

export const OPEN_Q = new Set(['what', 'how', 'why', 'where', 'when', 'whether', 'if', 'which', 'who']);
export const NOT_VERB_AFTER_IMPERATIVE = new Set(['is', 'was', 'are', 'were', 'has', 'had', 'does', 'did', 'will', 'would', 'can', 'could', 'makes', 'made', 'helps', 'helped', "'s", 'of', 'sucks', 'gets', 'got', 'seems', 'looks', 'should', 'might', 'must', 'and', 'or', 'keeps', 'takes', 'goes', 'feels', 'sounds', 'works', 'means', 'says', 'needs', 'wants', 'went', 'was']);
/** First word after discourse markers / openers is an imperative verb (or "do not" / "never" + verb). */
export function startsImperative(toks: Tok[], a: number, b: number, cb: Codebook): boolean {
  let j = a;
  while (j < b && cb.sets.discourse.has(toks[j]!.w) && toks[j]!.w !== 'please') j++;
  if (toks[j]?.w === 'please') j++;
  const w = toks[j]?.w;
  if (w === undefined || j >= b) return false;
  if (w === 'do' && toks[j + 1]?.w === 'not') return true;
  if (w === 'never') return true;
  return cb.sets.imperativeVerbs.has(w) && !NOT_VERB_AFTER_IMPERATIVE.has(toks[j + 1]?.w ?? '.');
}

/** "Say hi to one kid" reaches out to someone new; "Say hi to your mom" relays a greeting. */
const NEW_PERSON = new Set(['a', 'one', 'someone', 'somebody', 'new', 'other', 'some', 'people', 'them', 'him', 'her', 'kids', 'everyone']);
/** "How about …?" that asks back, schedules or points at a person rather than offering a thing to try. */
const NOT_HOW_ABOUT = new Set(['you', 'your', 'yours', 'him', 'her', 'them', 'us', 'me', 'that', 'this', 'it', 'now', 'today', 'tomorrow', 'tonight', 'later', 'next', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'weekend', 'morning', 'afternoon', 'evening', 'noon', 'school', 'work', 'yourself', 'everything', 'things', 'the', 'then', 'at', 'in', 'on']);
/** Verbs of telling or giving something to the speaker: "Could you explain…" asks, it does not suggest. */
const ASKING_VERBS = new Set(['tell', 'explain', 'describe', 'share', 'say', 'clarify', 'elaborate', 'repeat', 'give', 'send', 'help', 'let', 'hear', 'see', 'be', 'do', 'have', 'come', 'wait', 'hold', 'speak', 'talk', 'type', 'write', 'answer', 'confirm', 'spell', 'show', 'check', 'read', 'fill', 'stay', 'call', 'text', 'email', 'sign', 'pick', 'bring', 'walk', 'go', 'please']);
/** "Could you meet with people outside?": a suggestion in the polite-question form (§4.5.6), not a request to the speaker. */
function couldYouSuggest(toks: Tok[], k: number, b: number, cb: Codebook): boolean {
  if (toks[k]!.w !== 'could' || toks[k + 1]?.w !== 'you') return false;
  let j = k + 2;
  while (j < b && (toks[j]!.w === 'maybe' || toks[j]!.w === 'perhaps' || toks[j]!.w === 'also' || toks[j]!.w === 'just')) j++;
  const v = toks[j]?.w ?? '';
  if (ASKING_VERBS.has(v) || !actionVerb(v, cb)) return false;
  for (let x = j + 1; x < b && x <= j + 3; x++) if (toks[x]!.w === 'me' || toks[x]!.w === 'us') return false;
  return j + 1 < b;
}

export function suggestionQuestion(toks: Tok[], a: number, b: number, cb: Codebook, res: Analysis, si: number): void {
  if (findPhrase(cb.phrases.permission, toks, a, b)) return; // §4.5.6 permission-asking is not advice
  if (optionQuestion(toks, a, b, cb) || resourceQuestion(toks, a, b, cb)) {
    res.advice.push({ s: toks[a]!.s, e: toks[b - 1]!.e, rule: 'ADV-SUGGESTION-QUESTION', form: 'question_suggestion', sentence: si });
    return;
  }
  for (let k = a; k < b; k++) {
    if (couldYouSuggest(toks, k, b, cb) && !whBefore(toks, a, k)) {
      res.advice.push({ s: toks[k]!.s, e: toks[b - 1]!.e, rule: 'ADV-SUGGESTION-QUESTION', form: 'question_suggestion', sentence: si });
      return;
    }
    const m = matchAt(cb.phrases.suggestionQ, toks, k, b) ?? matchAt(cb.phrases.extraAdvice, toks, k, b);
    if (!m) continue;
    // "What steps could you take…?", "Who else could you ask?", "How long do you think you could…?": an open
    // question that asks the listener for their own plan (MI evocation), not a suggestion
    if (whBefore(toks, a, k)) return;
    const first = toks[k]!.w;
    if ((first === 'what' || first === 'how') && toks[k + 1]?.w === 'about') {
      const n = toks[k + 2]?.w ?? '';
      const n2 = toks[k + 3]?.w ?? '';
      const verbish = (n.length > 4 && n.endsWith('ing')) || cb.sets.imperativeVerbs.has(n) || (n === 'you' && (cb.sets.imperativeVerbs.has(n2) || n2 === 'just'));
      // "How about music?", "How about a walk?": a thing to try; not "How about you?" or "How about Tuesday?"
      const thing = ((first === 'how' && k === a) || ((n === 'a' || n === 'an' || n === 'some') && b - k <= 7)) && (n === 'a' || n === 'some' || (n.length > 2 && !NOT_HOW_ABOUT.has(n) && !SUBJECTS.has(n) && b - k <= 4)) && b - k <= 7;
      if (!verbish && !thing) continue;
    }
    if (first === 'why' && toks[k + 1]?.w === 'not' && !cb.sets.imperativeVerbs.has(toks[k + 2]?.w ?? '')) continue;
    // "Would you consider joining a gym?" suggests; "Would you consider him a friend?" asks an opinion
    if (toks[k + m.len - 1]!.w === 'consider' && !(toks[k + m.len]?.w ?? '').endsWith('ing')) continue;
    // "Have you thought about what you'd like to do?" is an open question, not a suggestion
    const after = toks[k + m.len]?.w ?? '';
    const after2 = toks[k + m.len + 1]?.w ?? '';
    if (OPEN_Q.has(after) || ((after === 'about' || after === 'of') && OPEN_Q.has(after2))) continue;
    // "Why don't you fill me in…", "maybe you could tell me about…": asking for information (§4.3 exclude)
    if (elicitation(toks, k + m.len, b) || elicitation(toks, k + m.len + 1, b)) continue;
    // "Have you made…, Billy?", "Have you thought about that?": no action is named, only a pronoun or nothing
    if (k + m.len >= b || after === ',' || ((after === 'about' || after === 'of') && BARE_PRONOUN_END(toks, k + m.len + 1, b))) continue;
    res.advice.push({ s: toks[k]!.s, e: toks[b - 1]!.e, rule: 'ADV-SUGGESTION-QUESTION', form: 'question_suggestion', sentence: si });
    return;
  }
}

const PEOPLE_QUANT = new Set(['many', 'some', 'most', 'lots', 'other', 'plenty']);
const FINDS = new Set(['find', 'found', 'say', 'said', 'swear']);
const HELPFUL = new Set(['helps', 'helped', 'help', 'helpful', 'useful', 'works', 'worked', 'beneficial', 'calming', 'relaxing']);
/**
 * What works for other people, put forward as a generic maxim (§4.5.6 "I've found that people need a routine"):
 * "Many people find that yoga helps", "Some people find it useful to keep a journal", "Something that has helped
 * others is journaling". `k` is "people" / "others".
 */
function othersFindHelps(toks: Tok[], k: number, b: number): boolean {
  const w = toks[k]!.w;
  if (w === 'people' && (PEOPLE_QUANT.has(toks[k - 1]?.w ?? '') || (toks[k - 1]?.w === 'of' && toks[k - 2]?.w === 'lot')) && FINDS.has(toks[k + 1]?.w ?? '')) {
    for (let j = k + 2; j < b && j <= k + 10 && !HARD_BREAK.has(toks[j]!.w); j++) if (HELPFUL.has(toks[j]!.w)) return true;
    return false;
  }
  // "Something that has helped others is…", "What helps a lot of people is…"
  const h = toks[k - 1]?.w === 'many' || toks[k - 1]?.w === 'of' ? k - 1 - (toks[k - 1]!.w === 'of' ? 2 : 0) : k;
  const v = toks[h - 1]?.w ?? '';
  if (v !== 'helped' && v !== 'helps' && v !== 'works' && v !== 'worked') return false;
  for (let j = k + 1; j < b && j <= k + 2; j++) if (toks[j]!.w === 'is' || toks[j]!.w === 'was') return j + 1 < b && !isPunct(toks[j + 1]!.w);
  return false;
}
const PREDICATE_HEADS = new Set(['help', 'helps', 'does', 'do', 'works', 'work', 'makes', 'make', 'is', 'are', 'be']);
/** Cheap test before `thingBenefit`: past the modals and adverbs, a word that can head its predicate. */
function predicateHead(toks: Tok[], k: number, b: number): boolean {
  let j = k;
  while (j < b && j < k + 4 && THING_PREDICATE.has(toks[j]!.w) && !PREDICATE_HEADS.has(toks[j]!.w)) j++;
  return PREDICATE_HEADS.has(toks[j]?.w ?? '');
}
/** Cheap test before `optionPredicate`: an article within the next four words. */
function articleSoon(toks: Tok[], k: number, b: number): boolean {
  for (let j = k + 1; j < b && j <= k + 4; j++) if (toks[j]!.w === 'a' || toks[j]!.w === 'an') return true;
  return false;
}
/** Words that can open the predicate of `thingBenefit`. */
const THING_PREDICATE = new Set(['is', 'are', 'help', 'helps', 'does', 'do', 'works', 'work', 'makes', 'make', 'can', 'could', 'might', 'may', 'will', 'would', 'really', 'also', 'usually', 'often', 'always', 'definitely', 'probably', 'sometimes', 'actually']);
const CONJ = new Set(['and', 'or', 'but', 'that', 'which', 'who']);
const TRY_NOUNS = new Set(['try', 'shot', 'go', 'chance', 'whirl']);
const TALK_NOUNS = new Set(['talk', 'chat', 'conversation', 'word', 'meeting']);
const OPINION_VERBS = new Set(['think', 'believe', 'guess', 'bet', 'feel', 'wonder']);
/** Start of the clause that ends at `k`, after discourse words and an opinion frame ("Well, I think (that) …"). */
export function subjectStart(toks: Tok[], a: number, k: number, cb: Codebook): number {
  let j = k - 1;
  while (j > a && !HARD_BREAK.has(toks[j - 1]!.w)) j--;
  while (j < k && cb.sets.discourse.has(toks[j]!.w)) j++;
  return afterOpinion(toks, j);
}
/** The clause after an opinion frame at `j` ("I think (that) …", "I feel like …"), or `j` when there is none. */
export function afterOpinion(toks: Tok[], j: number): number {
  if ((toks[j]?.w !== 'i' && toks[j]?.w !== 'you') || !OPINION_VERBS.has(toks[j + 1]?.w ?? '')) return j;
  let c = j + 2;
  if (toks[c - 1]!.w === 'feel' && toks[c]?.w === 'like') c++;
  // "I wonder if talking to her would help": a tentative suggestion (MI style); "I wonder why…" is no frame
  if (toks[c - 1]!.w === 'wonder') return toks[c]?.w === 'if' || toks[c]?.w === 'whether' ? c + 1 : j;
  if (toks[c]?.w === 'that') c++;
  return c;
}

/**
 * "Do you have a cousin who you can call when it gets bad?", "Is there a teacher that you could ask?": a question
 * about someone or something the listener could turn to. "Do you have anything you can't eat?" and "Is there
 * anything you can tell me…" ask for information.
 */
function resourceQuestion(toks: Tok[], a: number, b: number, cb: Codebook): boolean {
  let j = a;
  while (j < b && cb.sets.discourse.has(toks[j]!.w)) j++;
  const w0 = toks[j]?.w;
  const w1 = toks[j + 1]?.w;
  const opens = ((w0 === 'do' || w0 === 'have') && w1 === 'you' && (toks[j + 2]?.w === 'have' || toks[j + 2]?.w === 'got')) || ((w0 === 'is' || w0 === 'are') && w1 === 'there');
  if (!opens) return false;
  for (let k = j + 3; k < b - 2 && k <= j + 10; k++) {
    if (toks[k]!.w !== 'you' || (toks[k + 1]!.w !== 'can' && toks[k + 1]!.w !== 'could')) continue;
    let v = k + 2;
    if (toks[v]?.w === 'maybe' || toks[v]?.w === 'always' || toks[v]?.w === 'also') v++;
    const verb = toks[v]?.w ?? '';
    return verb !== 'not' && actionVerb(verb, cb) && !elicitation(toks, v, b) && !COGNITION.has(verb) && verb !== 'do' && verb !== 'be';
  }
  return false;
}

/** "Is the bus an option for you?", "Would a tutor be a good idea?": a thing put forward as a question. */
function optionQuestion(toks: Tok[], a: number, b: number, cb: Codebook): boolean {
  let j = a;
  while (j < b && cb.sets.discourse.has(toks[j]!.w)) j++;
  const q = toks[j]?.w;
  const stop = q === 'is' ? 'a' : 'be';
  if (q !== 'is' && q !== 'would' && q !== 'could' && q !== 'might') return false;
  for (let e = j + 2; e < b && e <= j + 6; e++) if (toks[e]!.w === stop || (stop === 'a' && toks[e]!.w === 'an')) return optionPredicate(toks, j + 1, e, b);
  return false;
}

export function declarativeAdvice(toks: Tok[], a: number, b: number, cb: Codebook, res: Analysis, si: number, imperativeStart: boolean): void {
  const P = cb.phrases;
  const S = cb.sets;
  let j0 = a;
  while (j0 < b && S.discourse.has(toks[j0]!.w)) j0++;
  const conditional = j0 < b && matchAt(P.conditional, toks, j0, b) !== undefined;
  let subjectSeen = false;
  let firstPersonSeen = false;
  for (let k = a; k < b; k++) {
    const w = toks[k]!.w;
    // imperative at clause start
    const clauseStart = k === a || (HARD_BREAK.has(toks[k - 1]!.w) && (!firstPersonSeen || conditional)) || (conditional && toks[k - 1]!.w === 'then') || (!subjectSeen && (toks[k - 1]!.w === 'and' || toks[k - 1]!.w === 'then' || toks[k - 1]!.w === 'so' || toks[k - 1]!.w === 'or'));
    if (clauseStart && imperativeAt(toks, k, b, cb)) {
      pushAdvice(res, toks, conditional, si, k, clauseEndIdx(toks, k, b), 'ADV-IMPERATIVE', 'imperative');
      return;
    }
    if (SUBJECTS.has(w)) subjectSeen = true;
    if ((w === 'i' || w === 'we') && !MENTAL.has(toks[k + 1]?.w ?? '') && !(toks[k + 1]?.w === 'am' && toks[k + 2]?.w === 'sure')) firstPersonSeen = true;
    if (w === 'we' && (toks[k + 1]?.w === 'should' || toks[k + 1]?.w === 'could') && !WE_LOGISTICS.has(toks[k + 2]?.w ?? '') && !WE_LOGISTICS.has(toks[k + 3]?.w ?? '') && toks[k + 2]?.w !== 'have' && toks[k + 2]?.w !== 'be' && (!EMBEDDING.has(toks[k - 1]?.w ?? '') || (toks[k - 1]?.w === 'that' && MENTAL.has(toks[k - 2]?.w ?? '')))) {
      pushAdvice(res, toks, conditional, si, k, clauseEndIdx(toks, k, b), 'ADV-MODAL', 'modal');
      return;
    }
    if (w === 'let' && clauseStart && letsSuggestion(toks, k, b, cb)) {
      pushAdvice(res, toks, conditional, si, k, clauseEndIdx(toks, k, b), 'ADV-IMPERATIVE', 'imperative');
      return;
    }
    if ((k === j0 || clauseStart || (k > j0 && k === afterOpinion(toks, j0))) && gerundBenefit(toks, k, b, cb)) {
      pushAdvice(res, toks, conditional, si, k, clauseEndIdx(toks, k, b), 'ADV-MAXIM', 'modal');
      return;
    }
    if (THING_PREDICATE.has(w) && k > a && !conditional && !THING_PREDICATE.has(toks[k - 1]!.w) && predicateHead(toks, k, b) && thingBenefit(toks, subjectStart(toks, a, k, cb), k, b)) {
      pushAdvice(res, toks, conditional, si, k, clauseEndIdx(toks, k, b), 'ADV-MAXIM', 'modal');
      return;
    }
    if ((w === 'is' || EVAL_COPULA_MODALS.has(w)) && k > a && articleSoon(toks, k, b) && optionPredicate(toks, subjectStart(toks, a, k, cb), k, b)) {
      pushAdvice(res, toks, conditional, si, k, clauseEndIdx(toks, k, b), 'ADV-MAXIM', 'modal');
      return;
    }
    if ((w === 'people' || w === 'others') && othersFindHelps(toks, k, b)) {
      pushAdvice(res, toks, conditional, si, k, clauseEndIdx(toks, k, b), 'ADV-MAXIM', 'modal');
      return;
    }
    if (OPTION_NOUNS.has(w) && optionFrame(toks, k, b)) {
      pushAdvice(res, toks, conditional, si, k - 1, clauseEndIdx(toks, k, b), 'ADV-MAXIM', 'modal');
      return;
    }
    if (w === 'you' && betterIfYou(toks, k, b)) {
      pushAdvice(res, toks, conditional, si, k, clauseEndIdx(toks, k, b), 'ADV-MODAL', 'modal');
      return;
    }
    // (not "tell me why it's so important to stop": an embedded question)
    if (w === 'it' && !((toks[k - 1]?.w === 'why' || toks[k - 1]?.w === 'how') && toks[k - 2]?.w !== 'is') && evaluativeFrame(toks, k, b, cb)) {
      if (!ownReasoningBefore(toks, a, k)) {
        pushAdvice(res, toks, conditional, si, k, clauseEndIdx(toks, k, b), 'ADV-MAXIM', 'modal');
        return;
      }
    }
    if (w === 'if' && (k === j0 || k === afterOpinion(toks, j0)) && persuasiveConditional(toks, k, b, cb)) {
      pushAdvice(res, toks, false, si, k, b, 'ADV-CONDITIONAL', 'conditional');
      return;
    }
    if (w === 'you' && !reflectedBefore(toks, a, k)) {
      const m = youModal(toks, k, b, cb);
      if (m) {
        pushAdvice(res, toks, conditional, si, k, clauseEndIdx(toks, k, b), 'ADV-MODAL', 'modal');
        return;
      }
    }
    if ((w === 'maybe' || w === 'perhaps') && k <= j0 && maybeGerund(toks, k, b, cb)) {
      pushAdvice(res, toks, conditional, si, k, clauseEndIdx(toks, k, b), 'ADV-HEDGED-SUGGESTION', 'modal');
      return;
    }
    if ((w === 'i' && recommendVerb(toks, k, b)) || (w === 'what' && pseudoCleft(toks, k, b)) || ((w === 'maybe' || w === 'perhaps') && maybeYouVerb(toks, k, b, cb))) {
      pushAdvice(res, toks, conditional, si, k, clauseEndIdx(toks, k, b), w === 'i' ? 'ADV-FIRST-PERSON-HYPOTHETICAL' : 'ADV-MODAL', w === 'i' ? 'first_person_hypothetical' : 'modal');
      return;
    }
    if (w === 'i' && toks[k + 1]?.w === 'would' && toks[k + 2]?.w === 'be' && ADVISORY_ADJ.has(toks[k + 3]?.w ?? '')) {
      pushAdvice(res, toks, conditional, si, k, clauseEndIdx(toks, k, b), 'ADV-FIRST-PERSON-HYPOTHETICAL', 'first_person_hypothetical');
      return;
    }
    if (w === 'i' || w === 'if' || w === 'what') {
      const h = matchAt(P.hypothetical, toks, k, b);
      if (h && (toks[k + 1]?.w !== 'would' || mentionsYou(toks, a, b) || STRONG_HYPOTHETICAL.has(toks[k + 2]?.w ?? ''))) {
        pushAdvice(res, toks, conditional, si, k, clauseEndIdx(toks, k, b), 'ADV-FIRST-PERSON-HYPOTHETICAL', 'first_person_hypothetical');
        return;
      }
    }
    const mx = toks[k]!.p ? (matchAt(P.maxims, toks, k, b) ?? matchAt(P.extraAdvice, toks, k, b)) : undefined;
    const after = toks[k + (mx?.len ?? 0)]?.w;
    const before = toks[k - 1]?.w;
    // "I thought it'd be good to come in" (own reasoning), "I have found that there are places…" (information)
    if (mx && (OWN_REASONING.has(before ?? '') || after === 'there' || pleasantry(toks, k + mx.len, b) || elicitation(toks, k + mx.len, b))) {
      k += mx.len - 1;
      continue;
    }
    if (mx && (before === 'i' || before === 'we' || after === 'me' || after === 'us' || after === 'i' || (after === 'a' && toks[k + (mx?.len ?? 0) + 1]?.w === 'lot' && toks[k + mx.len + 2]?.w === 'of'))) {
      k += mx.len - 1;
      continue;
    }
    // "I want to make sure I understand" is not an instruction
    if (mx && (toks[k]!.w === 'make' || toks[k]!.w === 'remember') && (before === 'to' || before === 'just' && toks[k - 2]?.w === 'to')) {
      k += mx.len - 1;
      continue;
    }
    if (mx) {
      const isImp = toks[k]!.w === 'make' || toks[k]!.w === 'remember' || toks[k]!.w === 'do' || toks[k]!.w === 'be';
      pushAdvice(res, toks, conditional, si, k, clauseEndIdx(toks, k, b), isImp ? 'ADV-IMPERATIVE' : 'ADV-MAXIM', isImp ? 'imperative' : 'modal');
      return;
    }
  }
  void imperativeStart;
}

/** "I would just…", "I would not let…", "I would try…": advice framed as the speaker's hypothetical even without "you". */
export const STRONG_HYPOTHETICAL = new Set(['just', 'not', 'let', 'try', 'recommend', 'suggest', 'definitely', 'probably', 'first', 'start', 'focus', 'consider']);
export const ADVISORY_ADJ = new Set(['careful', 'subtle', 'cautious', 'honest', 'patient', 'wary', 'firm', 'clear', 'direct', 'upfront', 'open', 'kind', 'gentle', 'prepared', 'ready']);
export const EMBEDDING = new Set(['if', 'how', 'what', 'that', 'which', 'where', 'when', 'whether', 'so']);
export const WE_LOGISTICS = new Set(['talk', 'meet', 'call', 'move', 'start', 'begin', 'end', 'stop', 'wrap', 'chat', 'go', 'finish', 'continue', 'schedule', 'look', 'review', 'discuss', 'get', 'do']);

export function pushAdvice(res: Analysis, toks: Tok[], conditional: boolean, si: number, k: number, end: number, rule: string, form: AdviceForm): void {
  res.advice.push({ s: toks[k]!.s, e: toks[Math.max(k, end - 1)]!.e, rule: conditional ? 'ADV-CONDITIONAL' : rule, form: conditional ? 'conditional' : form, sentence: si });
}

export function mentionsYou(toks: Tok[], a: number, b: number): boolean {
  for (let k = a; k < b; k++) {
    const w = toks[k]!.w;
    if (w === 'you' || w === 'your' || w === 'yourself') return true;
  }
  return false;
}

export function clauseEndIdx(toks: Tok[], k: number, b: number): number {
  let j = k;
  while (j + 1 < b && !HARD_BREAK.has(toks[j + 1]!.w)) j++;
  return j + 1;
}

/** "It sounds like you'd be willing to do whatever you can…": a reflection of the listener, not a suggestion. */
function reflectedBefore(toks: Tok[], a: number, k: number): boolean {
  for (let j = k - 1; j >= a && !HARD_BREAK.has(toks[j]!.w); j--) {
    const w = toks[j]!.w;
    if ((w === 'like' || w === 'that') && (toks[j - 1]?.w === 'sounds' || toks[j - 1]?.w === 'seems' || toks[j - 1]?.w === 'sound')) return true;
  }
  return false;
}
const WH = new Set(['what', 'how', 'who', 'which', 'where', 'when']);
function whBefore(toks: Tok[], a: number, k: number): boolean {
  // the clause that holds the phrase ("…when talking to you, but have you thought about…" is a suggestion)
  for (let j = k - 1; j >= a && !HARD_BREAK.has(toks[j]!.w); j--) if (WH.has(toks[j]!.w) && toks[j + 1]?.w !== 'about' && toks[j + 1]?.w !== 'if') return true;
  return false;
}
/** Words before "yourself" that do not direct: "you yourself", "about yourself", "by yourself". */
const NOT_YOURSELF_VERB = new Set(['about', 'by', 'for', 'to', 'with', 'of', 'and', 'or', 'than', 'like', 'as', 'from', 'on', 'in', 'at', 'behind', 'beside', 'be', 'are', 'were', 'was', 'is', 'am']);
/** "Maybe talking to a counselor…", "Perhaps writing it down…": a hedged suggestion of an action (§4.3). */
function maybeGerund(toks: Tok[], k: number, b: number, cb: Codebook): boolean {
  const g = toks[k + 1]?.w ?? '';
  if (k + 2 >= b) return false;
  for (const v of gerundStem(g)) if (actionVerb(v, cb) && v !== 'be' && v !== 'feel' && v !== 'think' && v !== 'do' && v !== 'go') return true;
  return false;
}

export function imperativeAt(toks: Tok[], k: number, b: number, cb: Codebook): boolean {
  const S = cb.sets;
  let j = k;
  while (j < b && S.discourse.has(toks[j]!.w) && !S.imperativeVerbs.has(toks[j]!.w)) j++;
  // "Next time, walk away": a time opener before the verb
  if (toks[j]?.w === 'time' && toks[j - 1]?.w === 'next') j += toks[j + 1]?.w === ',' ? 2 : 1;
  if (j >= b) return false;
  let w = toks[j]!.w;
  // "Say hi to one kid at lunch" reaches out; "Say hi to your mom (for me)" is a greeting formula
  if (w === 'say' && (toks[j + 1]?.w === 'hi' || toks[j + 1]?.w === 'hello') && toks[j + 2]?.w === 'to' && NEW_PERSON.has(toks[j + 3]?.w ?? '')) return true;
  // "Better tell your job coach": "(you'd) better" with the subject dropped
  if (w === 'better' && j + 1 < b && S.imperativeVerbs.has(toks[j + 1]!.w)) return true;
  if (w === 'take' && toks[j + 1]?.w === 'care' && toks[j + 2]?.w === 'of') return true; // "take care of your heart" directs; "take care" closes
  // "Give it a try", "give it another shot"
  if (w === 'give' && toks[j + 1]?.w === 'it' && TRY_NOUNS.has(toks[j + 3]?.w ?? '')) return true;
  // "Have a talk with your mom": "have" directs only with a talk noun ("Have a nice day" is a farewell)
  if (w === 'have' && (toks[j + 1]?.w === 'a' || toks[j + 1]?.w === 'an') && TALK_NOUNS.has(toks[j + 2]?.w ?? '') && toks[j + 3]?.w === 'with') return true;
  if (matchAt(cb.phrases.encouragement, toks, j, b)) return false;
  if (w === 'please') {
    j++;
    w = toks[j]?.w ?? '';
  }
  if ((w === 'do' && toks[j + 1]?.w === 'not') || w === 'never') {
    j += w === 'never' ? 1 : 2;
    if (matchAt(cb.phrases.encouragement, toks, k, b)) return false;
    const v = toks[j]?.w ?? '';
    // "Don't know." / "Don't like it." are simple-language answers, not directions
    if (v === 'know' || v === 'have' || v === 'want' || v === 'like' || v === 'mind' || v === 'care' || v === 'remember' || v === 'get') return false;
    if (v === 'be') return toks[j + 1]?.w !== 'sorry' && j + 1 < b;
    // "Don't hesitate to reach out": any mostly-verb word after "don't" directs, unless it only reports a state
    // (not after "and": "Your answers are short and don't show…" goes on with a subject)
    return j < b && (S.imperativeVerbs.has(v) || v === 'let' || v === 'worry' || (S.verbs.has(v) && !NOT_DIRECTING.has(v) && !CONJ.has(toks[k - 1]?.w ?? '')));
  }
  // "Force yourself at first", "Treat yourself": a verb whose object is the listener's self directs the listener
  if (toks[j + 1]?.w === 'yourself' && w.length > 2 && !SUBJECTS.has(w) && !ADVERBS.has(w) && !isPunct(w) && !NOT_YOURSELF_VERB.has(w)) return true;
  if (!S.imperativeVerbs.has(w) && !wideImperative(toks, j, b, S.verbs)) return false;
  // "get-getting to the gym": a repaired start of a gerund, not a direction
  if ((toks[j + 1]?.w ?? '').startsWith(w) && toks[j + 1]!.w.endsWith('ing')) return false;
  if (elicitation(toks, j, b)) return false;
  if (forMeRequest(toks, j, b)) return false;
  // "…and get you upset": a consequence, not a direction (the listener would be "yourself")
  if (w === 'get' && toks[j + 1]?.w === 'you') return false;
  const n = toks[j + 1]?.w;
  if (n === undefined || j + 1 >= b || isPunct(n)) return false;
  if (NOT_VERB_AFTER_IMPERATIVE.has(n)) return false;
  const block = cb.notImperativeAfter.get(w);
  if (block && (block.size === 0 || block.has(n))) return false;
  if (w === 'remember' && n !== 'to' && !(n === 'not' && toks[j + 2]?.w === 'to')) return false;
  if (w === 'let' && n !== 'them' && n !== 'him' && n !== 'her' && n !== 'your' && n !== 'people' && n !== 'it' && n !== 'go' && n !== 'someone' && n !== 'others') return false;
  if (w === 'be' && cb.emotionWords.get(n)?.formulaic) return false;
  return true;
}

/** "Open wide for me", "Take a seat for me, please": a request done for the speaker, not advice for the listener. */
function forMeRequest(toks: Tok[], j: number, b: number): boolean {
  for (let x = j + 1; x < b - 1 && !HARD_BREAK.has(toks[x]!.w); x++) {
    if (toks[x]!.w !== 'for' || toks[x + 1]!.w !== 'me') continue;
    const n = toks[x + 2]?.w;
    return x + 2 >= b || n === undefined || isPunct(n) || n === 'please' || n === 'now';
  }
  return false;
}
/** Verbs of knowing, wanting, feeling and social formulae: at the start of a chat line they drop a subject ("Hope you
 * feel better", "Need to talk", "Thank you", "Love it"), they do not direct the listener. */
const NOT_DIRECTING = new Set(['know', 'hope', 'hate', 'love', 'finish', 'cause', 'mind', 'bet', 'suppose', 'want', 'need', 'feel', 'like', 'think', 'see', 'have', 'thank', 'wish', 'guess', 'mean', 'seem', 'appear', 'hear', 'believe', 'understand', 'miss', 'agree', 'care', 'matter', 'belong', 'own', 'owe', 'deserve', 'wonder', 'come', 'happen', 'sound', 'bless', 'welcome', 'congratulate', 'pardon', 'excuse', 'forgive', 'worry', 'fear', 'doubt', 'realize', 'realise', 'recall', 'remain', 'exist', 'lack', 'tend', 'used', 'become', 'get', 'got', 'lose', 'fail', 'die', 'live', 'begin', 'say', 'reckon', 'figure', 'am', 'is', 'are', 'was', 'were']);
const NOT_OBJECT = new Set(['is', 'are', 'was', 'were', "'s", 'am', 'has', 'have', 'had', 'will', 'would', 'can', 'could', 'should', 'and', 'of', 'i', 'me', 'my', 'we', 'you', 'he', 'she', 'they', 'so', 'too', 'but', 'or', 'lol', 'haha']);
/** Any mostly-verb word (WordNet, verbs.json) opening a clause and followed by its object or particle ("Protect yourself", "Invest it"). */
function wideImperative(toks: Tok[], j: number, b: number, verbs: Set<string>): boolean {
  const w = toks[j]!.w;
  if (!verbs.has(w) || NOT_DIRECTING.has(w)) return false;
  const n = toks[j + 1]?.w;
  if (n === undefined || j + 1 >= b || isPunct(n) || NOT_OBJECT.has(n)) return false;
  // "fight happens…": the word is the subject of a verb, not a verb itself
  return !(n.length > 3 && n.endsWith('s') && (verbs.has(n.slice(0, -1)) || (n.endsWith('es') && verbs.has(n.slice(0, -2)))));
}

export function youModal(toks: Tok[], k: number, b: number, cb: Codebook): boolean {
  const prev = toks[k - 1]?.w ?? '';
  if (prev === 'things' || prev === 'something' || prev === 'anything' || prev === 'everything' || prev === 'lot' || prev === 'lots' || prev === 'way' || prev === 'ways' || prev === 'stuff' || prev === 'which' || prev === 'who') return false;
  if (prev === 'if' || prev === 'when' || prev === 'unless' || prev === 'whether' || prev === 'that' || prev === 'what' || prev === 'how' || prev === 'thank' || prev === 'where') return false;
  if (matchAt(cb.phrases.encouragement, toks, k, b)) return false;
  // embedded question: "(what do you think) what you need to do next", "how you can…"
  for (let x = k - 1; x >= 0 && x >= k - 4; x--) {
    const w = toks[x]!.w;
    if (isPunct(w)) break;
    if (w === 'what' || w === 'how') return false;
  }
  let j = k + 1;
  while (j < b && ADVERBS.has(toks[j]!.w)) j++;
  // "you really do need to…", "you do have to…"
  if (toks[j]?.w === 'do' && (toks[j + 1]?.w === 'need' || toks[j + 1]?.w === 'have') && toks[j + 2]?.w === 'to') j++;
  const m = toks[j]?.w;
  if (m === undefined || j >= b || !cb.sets.youModals.has(m)) return false;
  if (matchAt(cb.phrases.encouragement, toks, j - 1, b) || matchAt(cb.phrases.encouragement, toks, k, b)) return false;
  let n = toks[j + 1]?.w ?? '';
  // "you'd need to…", "you would want to…", "you'd be better off…"
  if (m === 'would') return n === 'better' || ((n === 'need' || n === 'want' || n === 'have') && toks[j + 2]?.w === 'to' && !COGNITION.has(toks[j + 3]?.w ?? '')) || (n === 'be' && toks[j + 2]?.w === 'better' && toks[j + 3]?.w === 'off');
  if (m === 'will') return false;
  if (m === 'want') return false;
  if (m === 'have' || m === 'need' || m === 'ought' || m === 'got') {
    if (m === 'need' && (n === 'a' || n === 'some' || n === 'more')) return true;
    return n === 'to';
  }
  if (m === 'better') return true;
  if (n === 'not') {
    if (m === 'can' || m === 'could') return false;
    n = toks[j + 2]?.w ?? '';
  }
  while (ADVERBS.has(n)) {
    j++;
    n = toks[j + 1]?.w ?? '';
  }
  if (n === '' || isPunct(n)) return false;
  // "you should see a counselor", "you could see if the library…": a visit or a check; "you can see that…" perceives
  if (n === 'see') return m !== 'can' && SEE_WHOM.has(toks[j + 2]?.w ?? '');
  if (n === 'be' || n === 'have' || n === 'feel' || n === 'imagine' || n === 'become') return false;
  // "you might already know that part", "you may remember": the listener's knowledge, not an action
  if (COGNITION.has(n)) return false;
  // "(what) you can say", "you need to do": no action named before the clause ends
  if ((n === 'say' || n === 'do') && (j + 2 >= b || isPunct(toks[j + 2]!.w))) return false;
  if (n === 'tell' && toks[j + 2]?.w === 'me') return false;
  return true;
}

/** What follows "see" when it means visiting someone or checking something: "see a doctor", "see if they…". */
const SEE_WHOM = new Set(['a', 'an', 'someone', 'somebody', 'if', 'whether', 'about']);
const COGNITION = new Set(['know', 'remember', 'notice', 'understand', 'realize', 'realise', 'recall', 'wonder', 'agree', 'expect', 'recognize', 'recognise']);
const SPEECH = new Set(['talk', 'say', 'tell', 'share', 'explain', 'describe', 'walk', 'fill']);
/** "Tell me more", "talk to me a bit about…", "say something more about that": asking for information, not advice. */
export function elicitation(toks: Tok[], j: number, b: number): boolean {
  if (!SPEECH.has(toks[j]?.w ?? '')) return false;
  for (let x = j + 1; x < b && x <= j + 3; x++) {
    const w = toks[x]!.w;
    if (w === 'me' || w === 'us' || w === 'more') return true;
  }
  return false;
}
/** "good to see you", "nice to hear from you": a pleasantry after an evaluative frame. */
export function pleasantry(toks: Tok[], j: number, b: number): boolean {
  const v = toks[j]?.w ?? '';
  if (v !== 'see' && v !== 'hear' && v !== 'meet' && v !== 'talk' && v !== 'chat' && v !== 'speak') return false;
  for (let x = j + 1; x < b && x <= j + 3; x++) if (toks[x]!.w === 'you') return true;
  return false;
}
function BARE_PRONOUN_END(toks: Tok[], j: number, b: number): boolean {
  const w = toks[j]?.w ?? '';
  return (w === 'that' || w === 'it' || w === 'this') && (j + 1 >= b || isPunct(toks[j + 1]!.w));
}
