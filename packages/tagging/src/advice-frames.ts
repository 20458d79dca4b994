/**
 * Advice frames beyond the clause-initial imperative and you + modal (§4.3, §4.5.6): evaluative "it is ADJ to VERB",
 * gerund subjects that help ("talking to her could help"), option nouns ("another idea would be to…"), joint
 * "let's try…" for the listener's problem, persuasive if-you conditionals and "you'll feel better if…".
 */
import type { Codebook } from './codebook.js';
import type { Tok } from './tokenize.js';
import { ADVERBS, SUBJECTS, isPunct } from './shared.js';

/** Past first-person reasoning before a recommendation frame: "I thought it'd be good to…" is the speaker's own plan. */
export const OWN_REASONING = new Set(['thought', 'figured', 'decided', 'felt', 'realized', 'realised']);
export function ownReasoningBefore(toks: Tok[], a: number, k: number): boolean {
  for (let j = k - 1; j >= a && j >= k - 3; j--) if (OWN_REASONING.has(toks[j]!.w)) return true;
  return false;
}

export const EVAL_COPULA_MODALS = new Set(['would', 'might', 'could', 'can', 'may', 'will', 'should']);
/** Adjectives that recommend an action when they rate an infinitive: "it's really important to…", "it would be wise to…". */
export const RECOMMENDING_ADJ = new Set(['good', 'helpful', 'important', 'wise', 'smart', 'best', 'better', 'useful', 'beneficial', 'essential', 'crucial', 'vital', 'key', 'worthwhile', 'advisable', 'healthy', 'necessary', 'valuable', 'sensible']);
export const SOCIAL_INFINITIVE = new Set(['talk', 'meet', 'hear', 'see', 'know', 'speak', 'chat']);
const TALK_INFINITIVE = new Set(['talk', 'speak', 'chat', 'meet']);
/** "…to talk to you", "…to chat with you today": the talk itself, with the listener. */
function talkWithListener(toks: Tok[], v: number, b: number): boolean {
  for (let x = v + 1; x < b && x <= v + 3; x++) if (toks[x]!.w === 'you' || toks[x]!.w === 'again') return true;
  return v + 1 >= b || isPunct(toks[v + 1]!.w);
}
/**
 * Dummy subject + copula (present or modal, never past) + recommending adjective + to-infinitive:
 * "it's good to let it out", "it would be really helpful to write it down". "It was good to…" reports; "it's good to
 * talk to you" is a pleasantry.
 */
export function evaluativeFrame(toks: Tok[], k: number, b: number, cb: Codebook): boolean {
  let j = k + 1;
  const c = toks[j]?.w;
  if (c === 'is') j++;
  else if (c !== undefined && EVAL_COPULA_MODALS.has(c)) {
    j++;
    if (toks[j]?.w === 'also' || toks[j]?.w === 'really' || toks[j]?.w === 'probably' || toks[j]?.w === 'definitely') j++;
    if (toks[j]?.w !== 'be') return false;
    j++;
  } else return false;
  while (j < b && (ADVERBS.has(toks[j]!.w) || toks[j]!.w === 'very' || toks[j]!.w === 'so' || toks[j]!.w === 'super' || toks[j]!.w === 'extremely' || toks[j]!.w === 'quite' || toks[j]!.w === 'pretty')) j++;
  const adj = toks[j]?.w ?? '';
  if (!RECOMMENDING_ADJ.has(adj)) return false;
  j++;
  if (toks[j]?.w === 'for' && (toks[j + 1]?.w === 'you' || toks[j + 1]?.w === 'people' || toks[j + 1]?.w === 'everyone' || toks[j + 1]?.w === 'us')) j += 2;
  if (toks[j]?.w !== 'to') return false;
  const v = toks[j + 1]?.w ?? '';
  if (v === '' || isPunct(v)) return false;
  // "good to see you", "nice to know": a pleasantry; "it might help to speak with a counselor" recommends
  if ((SOCIAL_INFINITIVE.has(v) && (!TALK_INFINITIVE.has(v) || talkWithListener(toks, j + 1, b))) || SUBJECTS.has(v) || v === 'your' || v === 'him' || v === 'her') return false;
  if (v === 'be' && (toks[j + 2]?.w === 'here' || toks[j + 2]?.w === 'back')) return false;
  void cb;
  return true;
}

/** "You'll feel better if you…", "you would feel better after talking to her": the benefit of an action. */
export function betterIfYou(toks: Tok[], k: number, b: number): boolean {
  const m = toks[k + 1]?.w;
  if (m !== 'will' && m !== 'would' && m !== 'might' && m !== 'may') return false;
  let j = k + 2;
  if (toks[j]?.w === 'probably' || toks[j]?.w === 'really' || toks[j]?.w === 'definitely') j++;
  if (toks[j]?.w !== 'feel' || (toks[j + 1]?.w !== 'better' && toks[j + 1]?.w !== 'calmer' && toks[j + 1]?.w !== 'relieved')) return false;
  const n = toks[j + 2]?.w ?? '';
  if (j + 2 >= b) return false;
  // "…when you talk to her", "…after talking to her": the listener's action; "…when school starts" only reassures
  const n2 = toks[j + 3]?.w ?? '';
  if (n === 'if' || n === 'once' || n === 'when') return n2 === 'you' || (n2 === 'we' && toks[j + 4]?.w !== 'are');
  return ((n === 'after' || n === 'by') && (n2 === 'you' || (n2.length > 4 && n2.endsWith('ing')))) || (n.length > 4 && n.endsWith('ing'));
}

/** If-clause verbs of the listener's state or wish, not an action ("If you feel sad…", "If you want…"). */
const STATE_IF = new Set(['be', 'are', 'were', 'was', 'feel', 'felt', 'want', 'wanted', 'need', 'needed', 'like', 'think', 'thought', 'have', 'had', 'do', 'did', 'know', 'knew', 'get', 'got']);
export const CONSEQUENT_SUBJECTS = new Set(['you', 'it', 'that', 'this', 'they', 'someone', 'somebody', 'he', 'she', 'things', 'people', 'everything']);
export const REASSURED = new Set(['fine', 'ok', 'okay', 'alright', 'safe', 'good']);
export const CONSEQUENT_MODALS = new Set(['will', 'would', 'may', 'might', 'could', 'can']);
/**
 * Persuasive conditional: the listener's action in the if-clause, its consequence in the main clause.
 * "If you talk to your boss, you may get clarity", "If you don't go for it, someone else will". The listener's wishes
 * or states ("If you want, we can…", "If you feel sad…") are not actions; "I/we" consequents are offers, not advice.
 */
export function persuasiveConditional(toks: Tok[], k: number, b: number, cb: Codebook): boolean {
  if (toks[k + 1]?.w !== 'you') return false;
  let j = k + 2;
  if (toks[j]?.w === 'do' && toks[j + 1]?.w === 'not') j += 2;
  else if ((toks[j]?.w === 'were' || toks[j]?.w === 'are') && toks[j + 1]?.w === 'able' && toks[j + 2]?.w === 'to') j += 3;
  else if (toks[j]?.w === 'can' || toks[j]?.w === 'could' || toks[j]?.w === 'just' || toks[j]?.w === 'try' && toks[j + 1]?.w === 'to') j += toks[j]!.w === 'try' ? 2 : 1;
  const v = toks[j]?.w ?? '';
  // "If you spent some time with them you would feel better": an action (also in the past of a suggestion) and its
  // benefit to the listener, even with no comma between them
  if (!STATE_IF.has(v)) for (let i = j + 2; i < b - 3; i++) if (toks[i]!.w === 'you' && (toks[i + 1]!.w === 'would' || toks[i + 1]!.w === 'will' || toks[i + 1]!.w === 'might') && toks[i + 2]!.w === 'feel' && (toks[i + 3]!.w === 'better' || toks[i + 3]!.w === 'calmer')) return true;
  if (!cb.sets.imperativeVerbs.has(v) || v === 'be' || v === 'feel' || v === 'think' || v === 'see' || v === 'let' || v === 'do' || v === 'imagine' || v === 'picture' || v === 'look' || v === 'work' || v === 'have') return false;
  // main clause after the comma / "then": subject + modal
  for (let i = j + 1; i < b - 1; i++) {
    const w = toks[i]!.w;
    if (w !== ',' && w !== 'then') continue;
    let x = i + 1;
    if (toks[x]?.w === 'then') x++;
    while (x < b && (toks[x]!.w === 'else' || toks[x]!.w === 'probably' || toks[x]!.w === 'really' || toks[x]!.w === 'definitely')) x++;
    const subj = toks[x]?.w ?? '';
    if (subj === 'else') continue;
    if (!CONSEQUENT_SUBJECTS.has(subj)) return false;
    let y = x + 1;
    if (toks[y]?.w === 'else') y++;
    while (y < b && ADVERBS.has(toks[y]!.w)) y++;
    if (!CONSEQUENT_MODALS.has(toks[y]?.w ?? '')) return false;
    // "…, you'd be fine": reassurance, not a push
    return !(toks[y + 1]?.w === 'be' && REASSURED.has(toks[y + 2]?.w ?? ''));
  }
  return false;
}

/** A verb that can name an action for the listener: the hand list `imperativeVerbs` or a mostly-verb word (verbs.json). */
export function actionVerb(v: string, cb: Codebook): boolean {
  return cb.sets.imperativeVerbs.has(v) || cb.sets.verbs.has(v);
}

/** "talking", "writing", "getting" → talk, write, get (for the imperative-verb class). */
export function gerundStem(w: string): string[] {
  if (w.length < 5 || !w.endsWith('ing')) return [];
  const st = w.slice(0, -3);
  const out = [st, st + 'e'];
  if (st.length > 2 && st[st.length - 1] === st[st.length - 2]) out.push(st.slice(0, -1));
  return out;
}
export const BENEFIT_VERBS = new Set(['help', 'helps', 'work', 'works']);
/** Benefit verbs that need the listener as object: "…may keep you organized", "…will allow you to talk". */
export const BENEFIT_YOU_VERBS = new Set(['keep', 'keeps', 'make', 'makes', 'give', 'gives', 'allow', 'allows', 'let', 'lets', 'get', 'gets', 'bring', 'brings', 'take', 'takes', 'put', 'puts', 'calm', 'calms', 'relax', 'relaxes', 'distract', 'distracts', 'protect', 'protects', 'teach', 'teaches', 'show', 'shows', 'remind', 'reminds', 'connect', 'connects', 'energize', 'energizes']);
const BENEFIT_MODALS = new Set(['can', 'could', 'might', 'may', 'would', 'will', 'really', 'usually', 'often', 'always', 'also', 'definitely', 'probably']);
/**
 * Gerund subject + present or modal benefit: "Talking to a counselor could really help", "Writing it down helps a
 * lot". Past ("…helped me") is the speaker's story, and "…helps me" is a habit of the speaker (§4.3 implicit narrative).
 */
export function gerundBenefit(toks: Tok[], k: number, b: number, cb: Codebook): boolean {
  if (!gerundStem(toks[k]!.w).some((v) => actionVerb(v, cb))) return false;
  for (let j = k + 1; j < b && j < k + 12; j++) {
    const w = toks[j]!.w;
    if (w === ',' || w === ';' || w === 'i' || w === 'you' || w === 'he' || w === 'she' || w === 'they' || w === 'we') return false;
    if (BENEFIT_YOU_VERBS.has(w) && BENEFIT_MODALS.has(toks[j - 1]!.w) && (toks[j + 1]?.w === 'you' || toks[j + 1]?.w === 'your')) return true;
    if (BENEFIT_VERBS.has(w)) {
      const prev = toks[j - 1]!.w;
      // "…can also help", "…would really help": a modal or adverb before the benefit verb
      const modal = BENEFIT_MODALS.has(prev);
      if (w !== 'helps' && w !== 'works' && !modal) return false;
      const n = toks[j + 1]?.w;
      return n !== 'me' && n !== 'us';
    }
    if ((w === 'is' || w === 'be') && (RECOMMENDING_ADJ.has(toks[j + 1]?.w ?? '') || SOOTHING.has(toks[j + 1]?.w ?? ''))) return true;
    // "Muting the group chat might be a solution", "Journaling is a good idea"
    if ((w === 'is' || w === 'be') && ARTICLE.has(toks[j + 1]?.w ?? '')) {
      const n = toks[j + 2]?.w ?? '';
      if (OPTION_NOUNS.has(n) || (RECOMMENDING_ADJ.has(n) || n === 'great') && OPTION_NOUNS.has(toks[j + 3]?.w ?? '')) return true;
    }
  }
  return false;
}

const ARTICLE = new Set(['a', 'an', 'the']);
export const OPTION_NOUNS = new Set(['idea', 'option', 'thing', 'step', 'way', 'suggestion', 'solution', 'choice', 'alternative', 'approach', 'strategy', 'plan']);
/** "Another idea would be to ask…", "One option is calling…", "The first step could be to…"; not "my plan is to…". */
export function optionFrame(toks: Tok[], k: number, b: number): boolean {
  const d = toks[k - 1]?.w ?? '';
  if (d === 'my' || d === 'our' || d === 'his' || d === 'her' || d === 'their' || d === 'your') return false;
  if (d !== 'another' && d !== 'one' && d !== 'first' && d !== 'next' && d !== 'other' && d !== 'good' && d !== 'best' && d !== 'great' && d !== 'better' && d !== 'an' && d !== 'the' && d !== 'a') return false;
  let j = k + 1;
  // "Another thing that works is…", "One thing that might help is…"
  if (toks[j]?.w === 'that') {
    let v = j + 1;
    if (EVAL_COPULA_MODALS.has(toks[v]?.w ?? '') || toks[v]?.w === 'really' || toks[v]?.w === 'also') v++;
    if (!BENEFIT_VERBS.has(toks[v]?.w ?? '') && toks[v]?.w !== 'helped' && toks[v]?.w !== 'worked') return false;
    j = v + 1;
  }
  const m = toks[j]?.w;
  if (m === 'would' || m === 'could' || m === 'might' || m === 'may') {
    j++;
    if (toks[j]?.w !== 'be') return false;
  } else if (m !== 'is') return false;
  j++;
  const n = toks[j]?.w ?? '';
  if (n === 'to') return j + 1 < b && !isPunct(toks[j + 1]!.w) && !SUBJECTS.has(toks[j + 1]!.w);
  return n.length > 5 && n.endsWith('ing') && n !== 'nothing' && n !== 'something' && n !== 'everything' && n !== 'anything';
}

export const LETS_LOGISTICS = new Set(['talk', 'meet', 'call', 'move', 'start', 'begin', 'end', 'stop', 'wrap', 'chat', 'go', 'finish', 'continue', 'schedule', 'look', 'review', 'discuss', 'get', 'do', 'see', 'check', 'say', 'hang', 'catch', 'pick', 'read', 'fill', 'open', 'set']);
/**
 * "Let's try writing it down", "let's think of what you could say": a joint step on the listener's problem. Call and
 * script moves ("let's talk Tuesday", "let's look at your sheet", "let's start") are not advice (§4.3 exclude).
 */
export function letsSuggestion(toks: Tok[], k: number, b: number, cb: Codebook): boolean {
  if (toks[k]!.w !== 'let' || toks[k + 1]?.w !== 'us') return false;
  let j = k + 2;
  while (j < b && (toks[j]!.w === 'just' || toks[j]!.w === 'maybe' || toks[j]!.w === 'first')) j++;
  const v = toks[j]?.w ?? '';
  if (!cb.sets.imperativeVerbs.has(v) || LETS_LOGISTICS.has(v)) return false;
  if (v === 'think' && toks[j + 1]?.w !== 'of' && toks[j + 1]?.w !== 'about') return false;
  return j + 1 < b;
}

/** Evaluations that make a gerund subject a recommendation: "talking it out may be reassuring". */
const SOOTHING = new Set(['reassuring', 'relaxing', 'calming', 'therapeutic', 'freeing', 'soothing', 'refreshing']);

const RECOMMEND = new Set(['recommend', 'suggest', 'advise', 'encourage', 'urge']);
/** "I (would) (highly/really/strongly) recommend/suggest…": the frame with adverbs in between; not "I suggested to him" (past). */
export function recommendVerb(toks: Tok[], k: number, b: number): boolean {
  let j = k + 1;
  if (toks[j]?.w === 'would' || toks[j]?.w === 'do' || toks[j]?.w === 'can' || toks[j]?.w === 'could') j++;
  let adv = 0;
  while (j < b && adv < 2 && (ADVERBS.has(toks[j]!.w) || toks[j]!.w.endsWith('ly'))) {
    j++;
    adv++;
  }
  if (!RECOMMEND.has(toks[j]?.w ?? '')) return false;
  const n = toks[j + 1]?.w ?? '';
  return j + 1 < b && n !== 'me' && n !== 'it' && !isPunct(n);
}

/** "What you need to do is…", "what you should do is…", "what you could try is…". */
export function pseudoCleft(toks: Tok[], k: number, b: number): boolean {
  if (toks[k + 1]?.w !== 'you') return false;
  let j = k + 2;
  const m = toks[j]?.w ?? '';
  if ((m === 'need' || m === 'have' || m === 'want' || m === 'ought') && toks[j + 1]?.w === 'to') j += 2;
  else if (m === 'should' || m === 'could' || m === 'can' || m === 'might') j++;
  else return false;
  if (toks[j]?.w !== 'do' && toks[j]?.w !== 'try') return false;
  return toks[j + 1]?.w === 'is' && j + 2 < b;
}

/** "Maybe you just wait a week", "perhaps you ask him first": a hedged bare verb for the listener. */
export function maybeYouVerb(toks: Tok[], k: number, b: number, cb: Codebook): boolean {
  if (toks[k + 1]?.w !== 'you') return false;
  let j = k + 2;
  // "maybe you two can talk", "maybe you guys could…"
  if (toks[j]?.w === 'two' || toks[j]?.w === 'guys' || toks[j]?.w === 'both' || toks[j]?.w === 'all') j++;
  if (toks[j]?.w === 'just' || toks[j]?.w === 'could' || toks[j]?.w === 'should' || toks[j]?.w === 'can') j++;
  if (toks[j]?.w === 'just') j++;
  const v = toks[j]?.w ?? '';
  if (!cb.sets.imperativeVerbs.has(v) || v === 'be' || v === 'feel' || v === 'think' || v === 'see' || v === 'look' || v === 'do' || v === 'have') return false;
  return j + 1 < b && !isPunct(toks[j + 1]!.w);
}

/** Nouns that, as the predicate of a thing-subject, put that thing forward as a course of action. */
const OPTION_PREDICATES = new Set(['option', 'idea', 'solution', 'choice', 'alternative', 'possibility', 'resource']);
const OPTION_ADJ = new Set(['good', 'great', 'better', 'best', 'nice', 'smart', 'helpful', 'possible', 'viable', 'solid', 'reasonable', 'useful', 'cheaper', 'safer', 'easier', 'real', 'wonderful', 'fantastic', 'excellent']);
/** Subjects that rate something said, not a thing to use: "That's a good idea", "your plan is a great idea". */
const NOT_OPTION_SUBJECT = new Set(['that', 'this', 'it', 'which', 'what', 'there', 'i', 'you', 'we', 'he', 'she', 'they', 'me', 'my', 'our', 'his', 'their', 'idea', 'plan', 'ideas', 'plans', 'one', 'suggestion', 'thought', 'so', 'not', 'nothing', 'everything', 'anything', 'something']);
/**
 * A thing put forward as an option: "A part-time job might be an option", "the library is a great resource", and as
 * a question "Is the bus an option for you?", "Would a tutor be a good idea?". The subject is `s0`..`e` (exclusive)
 * and the predicate's article is at `e` or, after a copula, at `e + 1`. Rating what was said ("That's a good idea",
 * "your plan is a great idea") is praise, not advice (§4.3 exclude).
 */
export function optionPredicate(toks: Tok[], s0: number, e: number, b: number): boolean {
  const n = e - s0;
  if (n < 1 || n > 5) return false;
  for (let j = s0; j < e; j++) if (NOT_OPTION_SUBJECT.has(toks[j]!.w) || isPunct(toks[j]!.w)) return false;
  let j = e;
  if (EVAL_COPULA_MODALS.has(toks[j]?.w ?? '') && toks[j]!.w !== 'will') {
    j++;
    if (toks[j]?.w === 'also' || toks[j]?.w === 'really' || toks[j]?.w === 'probably' || toks[j]?.w === 'definitely') j++;
    if (toks[j]?.w !== 'be') return false;
  }
  if (toks[j]?.w === 'is' || toks[j]?.w === 'be') j++;
  const art = toks[j]?.w;
  if (art !== 'a' && art !== 'an') return false;
  j++;
  if (ADVERBS.has(toks[j]?.w ?? '') || toks[j]?.w === 'very') j++;
  if (OPTION_ADJ.has(toks[j]?.w ?? '')) j++;
  return j < b && OPTION_PREDICATES.has(toks[j]!.w);
}

/** Subject words that make a statement about people or about what was said, not about a thing to use or do. */
const NOT_THING_SUBJECT = new Set(['i', 'we', 'you', 'he', 'she', 'they', 'it', 'that', 'this', 'there', 'what', 'which', 'who', 'me', 'my', 'our', 'his', 'her', 'their', 'them', 'him', 'us', 'your', 'nothing', 'everything', 'something', 'anything', 'everyone', 'someone', 'people', 'if', 'when', 'because', 'but', 'not', 'was', 'were', 'had', 'did']);
/** The speaker's own benefit ("…helps me", "good for my back"); a generic "us" ("good for us") is everyone's. */
const SPEAKER_OBJ = new Set(['me', 'my']);
const LISTENER_OR_OTHER = new Set(['you', 'him', 'her', 'them', 'people', 'everyone', 'some']);
const VALUE_WORDS = new Set(['important', 'key', 'essential', 'crucial', 'vital', 'necessary', 'valuable', 'worthwhile']);
const PURPOSE_AFTER = new Set(['for', 'before', 'when', 'during', 'after', 'if', 'to', 'in']);
const GERUND_SUBJECT_STOP = new Set(['i', 'we', 'he', 'she', 'they', 'if', 'when', 'because', 'but', 'was', 'were', 'had', 'did', 'my', 'our']);
/** Adjectives that recommend their subject on their own ("Sleep is really important"); "good"/"great" need "for". */
const THING_RECOMMENDING = new Set(['helpful', 'important', 'key', 'essential', 'crucial', 'vital', 'useful', 'beneficial', 'healthy', 'calming', 'relaxing', 'therapeutic', 'soothing', 'reassuring', 'refreshing', 'freeing', 'worthwhile', 'necessary', 'valuable']);
const GOOD_FOR = new Set(['good', 'great', 'amazing', 'awesome', 'wonderful', 'fantastic', 'perfect', 'excellent', 'better', 'best']);
const HELP_NOUNS = new Set(['way', 'help', 'start', 'tool', 'outlet', 'step', 'place', 'resource', 'remedy', 'fix']);
const EASIER = new Set(['easier', 'better', 'fun', 'funner', 'simpler', 'lighter', 'less', 'more', 'calmer']);
const MODAL_OR_ADVERB = new Set(['can', 'could', 'might', 'may', 'will', 'would', 'really', 'also', 'usually', 'often', 'always', 'definitely', 'probably', 'sometimes', 'actually', 'truly', 'honestly', 'totally']);
/**
 * A thing or activity recommended by what it does for the listener, without "you" (§4.3 "it would help to"):
 * "Exercise is great for stress", "Deep breaths help a lot", "A walk every day does wonders", "Breaking it into small
 * pieces makes it easier", "Flash cards are a great way to study". `k` is the predicate's first word and `s0` the
 * subject's start. Past ("Music helped") is the speaker's story; "…helps me" is the speaker's habit.
 */
export function thingBenefit(toks: Tok[], s0: number, k: number, b: number): boolean {
  const n = k - s0;
  if (n < 1 || n > 6) return false;
  // a gerund subject may hold its own objects: "Breaking it into pieces…", "Telling them how you feel…"
  const gerund = toks[s0]!.w.length > 4 && toks[s0]!.w.endsWith('ing');
  for (let j = s0; j < k; j++) if ((gerund && j > s0 ? GERUND_SUBJECT_STOP : NOT_THING_SUBJECT).has(toks[j]!.w) || isPunct(toks[j]!.w)) return false;
  let j = k;
  while (j < b && MODAL_OR_ADVERB.has(toks[j]!.w)) j++;
  const v = toks[j]?.w ?? '';
  const next = toks[j + 1]?.w ?? '';
  const mine = (x: number) => toks[x]?.w === 'me' || ((toks[x]?.w === 'to' || toks[x]?.w === 'for' || toks[x]?.w === 'with') && SPEAKER_OBJ.has(toks[x + 1]?.w ?? ''));
  // "Deep breaths help a lot", "Counseling can help with that"
  if (v === 'help' || v === 'helps') return (j > k || v === 'helps' || toks[k - 1]!.w.endsWith('s')) && !mine(j + 1);
  // "A walk does wonders", "Music works wonders"
  if ((v === 'does' || v === 'do' || v === 'works' || v === 'work') && next === 'wonders') return true;
  // "Breaking it into small pieces makes it easier", "Studying with a friend can make it fun"
  if ((v === 'makes' || v === 'make') && (next === 'it' || next === 'things' || next === 'everything') && EASIER.has(toks[j + 2]?.w ?? '')) return true;
  let c = j;
  if (v === 'be' && j > k) c = j; // "can be really calming"
  else if (v !== 'is' && v !== 'are') return false;
  c++;
  while (c < b && (ADVERBS.has(toks[c]!.w) || toks[c]!.w === 'very' || toks[c]!.w === 'so' || toks[c]!.w === 'super' || toks[c]!.w === 'extremely' || toks[c]!.w === 'pretty')) c++;
  const p = toks[c]?.w ?? '';
  // "…are important to you" reflects the listener's values; "Family is important" states one: a value word needs an
  // activity as subject or a purpose after it ("Sleep is important before a test")
  if (THING_RECOMMENDING.has(p)) {
    const after = toks[c + 1]?.w ?? '';
    if (mine(c + 1) || (after === 'to' && LISTENER_OR_OTHER.has(toks[c + 2]?.w ?? ''))) return false;
    return !VALUE_WORDS.has(p) || gerund || PURPOSE_AFTER.has(after);
  }
  if (GOOD_FOR.has(p)) return toks[c + 1]?.w === 'for' && !mine(c + 1);
  if (p === 'a' || p === 'an' || p === 'the') {
    const q = toks[c + 1]?.w ?? '';
    const r = toks[c + 2]?.w ?? '';
    return (GOOD_FOR.has(q) || q === 'big' || q === 'huge' || q === 'real') && HELP_NOUNS.has(r);
  }
  return false;
}
