/**
 * `tagConversation`: the pure tagger. Rule layer per utterance (./analyze.ts), then the sequence layer here:
 * ellipsis answers (§3, §4.5.3), back-channels, implicit-narrative advice, reciprocation (§4.4, §4.5.8) and the
 * mentor response to each mentee disclosure (§5).
 */
import { loadCodebook, type Codebook } from './codebook.js';
import { analyze, type Analysis, type Span } from './analyze.js';
import { findPhrase } from './shared.js';
import { experiencer, predicatedOfThing } from './emotion.js';
import type { AdviceForm, Evidence, MentorResponse, MentorResponseDetail, Reciprocation, TaggedUtterance, TagName, UtteranceInput } from './types.js';

export interface TagOptions {
  /** Other-speaker turns to look back for reciprocation (1–5, default from the codebook: 3). */
  reciprocationWindow?: number;
  /** Seconds; a disclosure older than this is not reciprocated (only when timestamps exist). Default 120. */
  maxLagSeconds?: number;
}

interface Work {
  u: UtteranceInput;
  a: Analysis;
  sd: Span[];
  emotion: Span[];
  advice: { s: number; e: number; rule: string; form: NonNullable<TaggedUtterance['detail']['adviceForm']> }[];
  backchannel: boolean;
  ellipsis: boolean;
  rec?: Reciprocation;
  recSpan?: Span;
  loose: boolean;
  /** A mentee question asking for advice ("What should I do?"), found once when the turn is read. */
  asksAdvice: boolean;
  /** Its only disclosure is a stance put to the speaker ("…is concerning to me"): nothing to reciprocate. */
  stanceOnly: boolean;
}

const HESITATION = new Set(['um', 'uh', 'hmm', 'mm', 'er', 'erm', 'umm', 'uhh']);
const NO_ANSWER_OPENERS = new Set(['thanks', 'thank', 'hi', 'hello', 'hey', 'bye', 'goodbye', 'sorry', 'well', 'ok', 'okay', 'sure', 'alright', 'mm', 'hmm', 'um', 'uh', 'oh', 'wow', 'cool', 'great', 'nice']);
const YES_NO = new Set(['yes', 'yeah', 'yep', 'yup', 'no', 'nope', 'nah', 'exactly', 'definitely', 'absolutely', 'correct', 'mhm']);
const FILLERS = new Set(['mm', 'hmm', 'um', 'uh', 'oh', 'well', 'ah', 'so', ',', '.']);
const endOrPunct = (w: string | undefined) => w === undefined || w === '.' || w === '!' || w === ',' || w === '?';
/** Index of a yes/no word at the start of the turn, after fillers ("Mm-hmm. Yeah, exactly."). */
function yesNoStart(a: Analysis): number | undefined {
  for (let k = 0; k < a.toks.length && k < 5; k++) {
    const w = a.toks[k]!.w;
    if (YES_NO.has(w)) return k;
    // "That's true." / "That's right." / "True." confirm like a yes (§4.5.3)
    if (w === 'true' && endOrPunct(a.toks[k + 1]?.w)) return k;
    if (w === 'that' && a.toks[k + 1]?.w === 'is' && (a.toks[k + 2]?.w === 'true' || a.toks[k + 2]?.w === 'right' || a.toks[k + 2]?.w === 'correct') && endOrPunct(a.toks[k + 3]?.w)) return k + 2;
    if (!FILLERS.has(w)) return undefined;
  }
  return undefined;
}
function hasFirstPerson(a: Analysis, si: number): boolean {
  const s = a.sents[si];
  if (!s) return false;
  if (s.b - s.a <= 3) return false; // "I think so." is still a bare answer
  for (let k = s.a; k < s.b; k++) {
    const w = a.toks[k]!.w;
    if (w === 'i' || w === 'me' || w === 'my' || w === 'we') return true;
  }
  return false;
}
/** Links that take over the partner's feeling: "Me too.", "I've been there", "I went through the same thing", "I had the same concerns". */
const INHERITING_LINK = /^(me too|same( here)?|i do too|i did too|so do i|so did i|i feel the same|i felt the same|i know (how that|the) feel|(i( have|'ve|’ve) )?been there|i( have|'ve|’ve)? (gone|went|been) through|i( have|'ve|’ve)?( had)? the same|i had the same)/i;
const GENERIC_OBLIGATION = /^you (?:really |just |still |also )?(?:have to|have got to|need to|got to|gotta|must)\b/i;
const CONT_MARKERS = new Set(['and', 'but', 'or', 'so', 'because', 'cause', 'yeah', 'yes', 'also', 'plus', 'then', 'though', 'still', 'especially', 'except', 'even']);
const FINITE = new Set(['is', 'are', 'was', 'were', 'am', 'be', 'have', 'has', 'had', 'do', 'does', 'did', 'will', 'would', 'can', 'could', 'should', 'must', 'may', 'might', "'s"]);
const THIRD_START = new Set(['the', 'a', 'an', 'he', 'she', 'they', 'it', 'this', 'that', 'there', 'these', 'those', 'people', 'everyone', 'everybody', 'someone', 'nobody', 'what', 'which']);
/**
 * The follow-up goes on with the speaker's own story: it opens with a linking word ("but it is still rough…") or is a
 * fragment with no verb of its own and no new subject ("welding class at the college"). A full statement about
 * the world ("It is not recommended to skip meals") is not a continuation.
 */
function continuesOwn(a: Analysis): boolean {
  const w0 = a.toks[0]!.w;
  if (CONT_MARKERS.has(w0)) return true;
  if (THIRD_START.has(w0)) return false;
  for (const t of a.toks) if (FINITE.has(t.w) || (t.w.length > 4 && t.w.endsWith('ed')) || (t.w.length > 4 && t.w.endsWith('s') && !t.w.endsWith('ss'))) return false;
  return true;
}

/** Thanks, greetings and goodbyes: a social formula, never the rest of a disclosure. */
const CLOSING = new Set(['thanks', 'thank', 'thx', 'bye', 'goodbye', 'hi', 'hello', 'hey', 'see', 'talk', 'take', 'have', 'good', 'nice', 'welcome', 'cheers', 'sorry', 'ok', 'okay', 'cool', 'great', 'lol', 'haha']);
const NEG = new Set(['no', 'nope', 'nah']);
const AFFIRM = new Set(['yes', 'yeah', 'yep', 'yup', 'exactly', 'right', 'definitely', 'mhm', 'mm', 'hmm', 'absolutely', 'totally', 'true', 'sure', 'correct', 'kind', 'sort', 'a', 'very', 'so', 'really', 'little', 'lot', 'super', 'somewhat', 'bit']);
const SELF_ADVICE_FORMS = new Set(['ADV-HEDGED-SUGGESTION', 'ADV-IMPERATIVE', 'ADV-MAXIM', 'ADV-IMPLICIT-NARRATIVE', 'ADV-FIRST-PERSON-HYPOTHETICAL', 'ADV-CONDITIONAL']);
/** ("u" and "ur" are already "you" and "your" after tokenizing.) */
const LISTENER_WORDS = new Set(['you', 'your', 'yourself', 'yours']);
/** The sentence holding character `at` (spans always lie inside one). */
function sentenceAt(a: Analysis, at: number): Analysis['sents'][number] | undefined {
  for (const sent of a.sents) if (a.toks[sent.a]!.s <= at && at < a.toks[sent.b - 1]!.e) return sent;
  return undefined;
}
/** The sentence holding the span names the listener ("Make pasta, you will like it"). */
function listenerInSentence(a: Analysis, s: number): boolean {
  const sent = sentenceAt(a, s);
  if (sent) for (let k = sent.a; k < sent.b; k++) if (LISTENER_WORDS.has(a.toks[k]!.w)) return true;
  return false;
}
const partnerOf = (s: UtteranceInput['speaker']) => (s === 'mentor' ? 'mentee' : s === 'mentee' ? 'mentor' : undefined);

export function tagConversation(utterances: UtteranceInput[], codebook?: Codebook, options: TagOptions = {}): TaggedUtterance[] {
  const cb = codebook ?? loadCodebook();
  const N = Math.min(5, Math.max(1, Math.round(options.reciprocationWindow ?? cb.windows.reciprocationTurns)));
  const maxLag = options.maxLagSeconds ?? cb.windows.maxLagSeconds;
  const work: Work[] = [];

  // Each step is its own function: the optimiser compiles (and after a deopt recompiles) small functions far sooner
  // than one large one, which is most of a fresh process's warm-up.
  for (let i = 0; i < utterances.length; i++) work.push(readTurn(utterances[i]!, i, work, cb, N));

  // Reciprocation (§4.4): look back over the partner's last N turns.
  for (let i = 0; i < work.length; i++) reciprocate(work, i, N, maxLag, cb);

  const out: TaggedUtterance[] = [];
  for (let i = 0; i < work.length; i++) out.push(outputOf(work, i, cb));
  return out;
}

/** Reads one turn: its own analysis, then the rules that need the turns before it (ellipsis, continuation, advice…). */
function readTurn(u: UtteranceInput, i: number, work: Work[], cb: Codebook, N: number): Work {
  const a = analyze(u.text, cb);
  const w: Work = { u, a, sd: a.sd.slice(), emotion: a.emotion.slice(), advice: a.advice.map((x) => ({ s: x.s, e: x.e, rule: x.rule, form: x.form })), backchannel: false, ellipsis: false, loose: false, asksAdvice: false, stanceOnly: false };
  w.asksAdvice = u.speaker === 'mentee' && a.hasQuestion && findPhrase(cb.phrases.adviceSeeking, a.toks, 0, a.toks.length) !== undefined;
  // The mentee's request for advice is still open for this mentor turn (§4.3): checked once, used twice below.
  const requestOpen = u.speaker === 'mentor' && adviceRequestOpen(work, i);
  const prev = i > 0 ? work[i - 1] : undefined;
  const before = i > 1 ? work[i - 2] : undefined;
  // A question about the listener, or a follow-up question right after the speaker's own disclosure ("What kind?").
  const answersQuestion =
    prev !== undefined && prev.u.speaker !== u.speaker && !prev.a.greetingOrLogisticsQ &&
    (prev.a.personal || (prev.a.hasQuestion && before !== undefined && before.u.speaker === u.speaker && before.sd.length > 0));
  const yn = yesNoStart(a);
  // an answer is about what the question asked, even when it discloses in its own words ("You go to the dentist?" →
  // "Yes. I go two times a year."): it takes the question's subject for the same-topic test (§4.4)
  if (answersQuestion && prev && prev.a.hasQuestion && yn !== undefined) {
    for (const t of prev.a.topics) a.topics.add(t);
    for (const c of prev.a.content) a.content.add(c);
  }
  // "I'm fine" is the greeting formula only in the opening exchange (§4.2); later it is a statement about oneself.
  // The opening exchange lasts until someone discloses something (at most the first 12 turns: bounded look-back).
  if (a.greetingFormula && w.sd.length === 0 && i > 3 && !(prev && prev.a.greetingOrLogisticsQ) && (i > 12 || work.some((x) => x.sd.length > 0))) w.sd.push({ ...a.greetingFormula, rule: 'SD-FIRST-PERSON' });

  // Ellipsis (§3, §4.5.3): a bare answer inherits the question's or reflection's subject. A yes/no word at the
  // start answers even when the turn goes on; back-channel-only answers ("Okay.", "Mm-hmm.") inherit nothing
  // unless they are a yes/no; thanks and greetings do not answer.
  // a hesitation sentence before the answer ("Um. Pizza.") is skipped
  const si0 = a.sents.length > 1 && a.toks[a.sents[0]!.a] !== undefined && HESITATION.has(a.toks[a.sents[0]!.a]!.w) && a.sents[0]!.b - a.sents[0]!.a <= 2 ? 1 : 0;
  const opener = a.toks[a.sents[si0]?.a ?? 0]?.w ?? '';
  const firstWords = si0 === 0 ? a.firstSentenceWords : a.sents[1]!.b - a.sents[1]!.a;
  const contentAnswer = !a.backchannelOnly && firstWords <= cb.windows.ellipsisMaxTokens && !hasFirstPerson(a, si0);
  if (answersQuestion && prev && w.sd.length === 0 && !a.firstIsQuestion && !a.dontKnow && a.words > 0 && (yn !== undefined || (contentAnswer && !NO_ANSWER_OPENERS.has(opener)))) {
    const first = a.sents[si0]!;
    const span = yn !== undefined ? { s: a.toks[yn]!.s, e: a.toks[yn]!.e, rule: 'SD-ELLIPSIS' } : { s: a.toks[first.a]!.s, e: a.toks[first.b - 1]!.e, rule: 'SD-ELLIPSIS' };
    w.sd.push(span);
    w.ellipsis = true;
    // the answer is about what the question or reflection was about (for the same-topic test)
    for (const t of prev.a.topics) a.topics.add(t);
    for (const c of prev.a.content) a.content.add(c);
    if (prev.a.feeling && !a.negativeAnswer) w.emotion.push({ ...span, rule: 'EMO-ELLIPSIS' });
  }
  // A "yes" that confirms a feeling question/reflection inherits the feeling even when the turn goes on (§4.5.3).
  if (answersQuestion && prev && prev.a.feeling && w.emotion.length === 0 && !a.negativeAnswer && (AFFIRM.has(a.toks[0]?.w ?? '') || (yn !== undefined && !NEG.has(a.toks[yn]!.w)))) {
    const first = a.sents[0]!;
    w.emotion.push({ s: a.toks[first.a]!.s, e: a.toks[first.b - 1]!.e, rule: 'EMO-ELLIPSIS' });
  }
  // "You were?" / "Really?" echoes the speaker's own last turn: a yes confirms that turn's feeling again.
  if (answersQuestion && prev && before && before.u.speaker === u.speaker && before.emotion.length > 0 && prev.a.words <= 3 && w.emotion.length === 0 && yn !== undefined && !NEG.has(a.toks[yn]!.w)) {
    w.emotion.push({ s: a.toks[yn]!.s, e: a.toks[yn]!.e, rule: 'EMO-ELLIPSIS' });
  }
  // A bad state reported in reply to "How are you?" / "How are things?" is not the greeting formula (§4.2, §4.5.1).
  if (prev && prev.u.speaker !== u.speaker && prev.a.hasQuestion && w.emotion.length === 0 && a.words <= 10) {
    // (the speaker's state, not "My mom's sick")
    const bad = a.emotionTerms.find((t, x) => t.category === 'general' && ((t.valence === 'negative' && !t.negated) || (t.valence === 'positive' && t.negated)) && experiencer(a.toks, a.termIdx[x]!, sentenceAt(a, t.start)?.a ?? 0, cb) !== 'other');
    if (bad && /how\b.*\b(you|things|everything|life|going|school|work|day|week|weekend)\b/i.test(prev.u.text)) {
      w.emotion.push({ s: bad.start, e: bad.end, rule: 'EMO-ANSWER-FEELING-Q' });
    }
  }
  // "I'm good" / "Good." is emotion only as an answer to a feeling question (§4.2).
  if (prev && prev.u.speaker !== u.speaker && prev.a.feeling && prev.a.personal && !a.negativeAnswer) {
    const g = a.greetingFormula ?? a.weakFeeling;
    if (g && w.emotion.length === 0 && a.words <= 8) {
      w.emotion.push({ ...g, rule: 'EMO-ANSWER-FEELING-Q' });
      if (w.sd.length === 0) w.sd.push({ ...g, rule: 'SD-ELLIPSIS' });
    }
  }
  // "Really bad." one turn after naming one's own feelings ("I've been feeling shame and anxiety" – partner's reply –
  // "Really bad"): a bare rating that goes on with the feeling the speaker named (§4.5.3 follow-up detail)
  if (w.emotion.length === 0 && a.words <= 3 && a.weakFeeling && !a.hasQuestion && before && before.u.speaker === u.speaker && before.emotion.length > 0 && prev && !prev.a.hasQuestion && a.emotionTerms.some((t) => t.valence === 'negative' && !t.negated)) {
    w.emotion.push({ ...a.weakFeeling, rule: 'EMO-FRAGMENT' });
  }
  // A fragment sent right after one's own disclosure, with no partner turn between ("I don't know what jobs fit
  // me" → "but it is still hard to pay the bills"), goes on with that disclosure (§3 unit: a turn split in two).
  if (prev && prev.u.speaker === u.speaker && prev.sd.length > 0 && !prev.backchannel && w.sd.length === 0 && !a.hasQuestion && !a.backchannelOnly && a.words > 0 && a.words <= 20 && w.advice.length === 0 && !CLOSING.has(a.toks[0]!.w) && !a.toks.some((t) => t.w === 'you' || t.w === 'your') && (u.speaker === 'mentee' || continuesOwn(a))) {
    const first = a.sents[0]!;
    const span = { s: a.toks[first.a]!.s, e: a.toks[a.sents.at(-1)!.b - 1]!.e, rule: 'SD-CONTINUATION' };
    w.sd.push(span);
    for (const t of prev.a.topics) a.topics.add(t);
    const hard = a.termEntry.findIndex((e, k) => e.difficulty && !a.emotionTerms[k]!.negated);
    if (hard >= 0 && w.emotion.length === 0) w.emotion.push({ s: a.emotionTerms[hard]!.start, e: a.emotionTerms[hard]!.end, rule: 'EMO-DIFFICULTY' });
  }
  // A mentee's "you have to…" / "you need to…" inside their own story is the generic "you" of obligation ("it's not
  // my problem that you have to work harder"), not a recommendation to the mentor; "You should get a hamster!" stays.
  if (u.speaker === 'mentee') w.advice = w.advice.filter((x) => !(x.rule === 'ADV-MODAL' && GENERIC_OBLIGATION.test(u.text.slice(x.s, x.e))));
  // A mentee's imperative, maxim or "I would" with no word for the listener in it tells the mentee's own strategy,
  // plan or uptake of the mentor's idea ("Drink coffee, sleep less…", "Find a place to live", "It wouldn't hurt to
  // try"), not a recommendation to the mentor (§4.3: advice is for the listener). "You should get a hamster!" stays,
  // and so does an answer when the mentor asked what they should do ("What should I do about…?"). Only in a
  // dialogue: with no mentor turn yet there is no help-seeker role to read.
  if (u.speaker === 'mentee' && w.advice.length > 0 && work.some((x) => x.u.speaker === 'mentor') && !(prev && prev.u.speaker === 'mentor' && prev.a.toks.some((t) => t.w === 'i' || t.w === 'my') && findPhrase(cb.phrases.adviceSeeking, prev.a.toks, 0, prev.a.toks.length))) {
    w.advice = w.advice.filter((x) => !(SELF_ADVICE_FORMS.has(x.rule) && !listenerInSentence(a, x.s)));
  }
  // Worksheet/script instructions ("Step one, make a budget", "Write it on your sheet") are not advice (§4.3 exclude).
  if (a.scripted) w.advice = w.advice.filter((x) => x.rule !== 'ADV-IMPERATIVE' && x.rule !== 'ADV-CONDITIONAL');
  // An imperative-looking fragment that answers "what do you do…?" is a report, not advice ("Play games.").
  // (Not when the mentor answers the mentee's request for advice: there "Call a friend." is the advice.)
  if (answersQuestion && !requestOpen) w.advice = w.advice.filter((x, k) => !(x.rule === 'ADV-IMPERATIVE' && a.advice[k]?.sentence === 0 && a.firstSentenceWords <= 6));

  // Back-channels are never tagged (§3).
  if (a.backchannelOnly && !w.ellipsis && w.emotion.length === 0) {
    w.backchannel = true;
    w.sd = [];
    w.emotion = [];
    w.advice = [];
  }
  // A one-word feeling fragment that echoes the partner's last turn ("Boring." after "Boring.") is not the speaker's.
  if (prev && prev.u.speaker !== u.speaker && w.emotion.length > 0 && w.emotion.every((e) => e.rule === 'EMO-FRAGMENT')) {
    const echoed = w.emotion.every((e) => prev.a.emotionTerms.some((t) => t.term === u.text.slice(e.s, e.e).toLowerCase()));
    if (echoed) w.emotion = [];
  }
  // A counsellor's reflection voiced in the first person ("I want to be more active than I've been", echoing the
  // mentee's words) speaks for the mentee: not the mentor's own disclosure (§4.1). Short, no link back ("too",
  // "same"), and most of its content words come from the mentee's last three turns or the reflections between.
  if (u.speaker === 'mentor' && w.sd.length > 0 && !a.explicitLink && a.words <= 15 && !a.hasQuestion && voicedReflection(work, i, a)) {
    w.sd = [];
    w.emotion = [];
  }
  // A help-seeking mentee's statement that names a negative feeling with nobody as its experiencer ("there's no
  // escaping the dread", "the anxiety never stops") speaks of the mentee's own feeling (§4.2), once the mentee has
  // disclosed in this conversation; a mentor's "the stress of the pandemic…" is a general statement.
  if (u.speaker === 'mentee' && w.emotion.length === 0 && !a.firstIsQuestion && (w.sd.length > 0 || work.some((x) => x.u.speaker === 'mentee' && x.sd.length > 0))) {
    const t = unownedFeeling(a, cb);
    if (t) w.emotion.push({ s: t.start, e: t.end, rule: 'EMO-MENTEE-UNOWNED' });
  }
  // "Same here!" / "Me too!" answering the partner's wish, thanks or pleasantry ("Have a good night!", "Nice talking to
  // you.") returns the formula; with no disclosure of the partner's to share, it discloses nothing (§4.1 exclude)
  if (w.sd.length > 0 && a.explicitLink && a.words <= 6 && prev && prev.u.speaker !== u.speaker && prev.sd.length === 0 && !prev.a.hasQuestion && w.sd.every((x) => x.rule === 'SD-EXPLICIT-LINK' || x.rule === 'SD-ME-SUBJECT')) w.sd = [];
  // "I love that!" / "I like it." right after the partner's news praises it, like "Cool!" (§4.2, §4.1 exclude);
  // "Yes, I love it." answering "Do you like baking?" is a taste of the speaker's own
  if (w.sd.length > 0 && a.words <= 4 && prev && prev.u.speaker !== u.speaker && prev.sd.length > 0 && !prev.a.hasQuestion && PRAISE.test(u.text)) {
    w.sd = [];
    w.emotion = [];
  }
  // "It is very hard right now." / "Life is hard sometimes." right after the partner's disclosure, with nothing of
  // the speaker's own in the turn, rates the partner's situation (empathy, §5), not the speaker's difficulty (§4.5.1).
  if (w.sd.length === 0 && w.emotion.length > 0 && prev && prev.u.speaker !== u.speaker && prev.sd.length > 0 && !prev.a.hasQuestion && w.emotion.every((e) => e.rule === 'EMO-DIFFICULTY' || e.rule === 'EMO-OWN-EVALUATION')) w.emotion = [];
  // An own emotion is a disclosure of emotion.
  if (w.emotion.length > 0 && w.sd.length === 0) w.sd.push({ ...w.emotion[0]!, rule: 'SD-EMOTION' });

  // Implicit advice through own experience needs a transfer phrase (§4.3 [our rule]) and a listener with a problem.
  if (w.advice.length === 0 && a.transfer && w.sd.length > 0 && a.pastTense) {
    const partner = partnerOf(u.speaker);
    let listenerDisclosed = a.transferToListener;
    for (let j = i - 1, seen = 0; !listenerDisclosed && j >= 0 && seen < N; j--) {
      const p = work[j]!;
      if (p.u.speaker !== partner) continue;
      seen++;
      if (p.sd.length > 0) listenerDisclosed = true;
    }
    if (listenerDisclosed) w.advice.push({ ...a.transfer, form: 'implicit_narrative' });
  }
  // A suggestion relayed from someone else ("My friend suggested getting tickets early", "The nurse recommends
  // drinking water") passes it on to the listener (§4.3); "my mom suggested I…" is about the speaker.
  if (w.advice.length === 0 && u.speaker === 'mentor' && !a.hasQuestion) {
    const r = relayedSuggestion(a);
    if (r) w.advice.push(r);
  }
  // Asked for advice by the mentee, the mentor's answer recommends even when it is not phrased as advice (§4.3).
  if (w.advice.length === 0 && !w.backchannel && requestOpen && prev && prev.u.speaker === 'mentee' && !a.firstIsQuestion) {
    const span = adviceAnswer(a, cb);
    if (span) w.advice.push(span);
  }
  w.stanceOnly = w.sd.length > 0 && w.sd.every((x) => x.rule === 'SD-ME-OBJECT' && STANCE_TO_ME.test(u.text.slice(x.s, x.e)));
  // "…is concerning to me", "…was scary for me": the speaker's own feeling about the matter (§4.5.5 by analogy)
  if (w.stanceOnly && w.emotion.length === 0) {
    const t = a.emotionTerms.find((x) => !x.negated && x.valence !== 'neutral' && w.sd.some((y) => x.start >= y.s && x.end <= y.e));
    if (t) w.emotion.push({ s: t.start, e: t.end, rule: 'EMO-STANCE-TO-ME' });
  }
  return w;
}

function reciprocate(work: Work[], i: number, N: number, maxLag: number, cb: Codebook): void {
  const w = work[i]!;
  if (w.sd.length === 0 || w.backchannel) return;
  const partner = partnerOf(w.u.speaker);
  if (!partner) return;
  if (w.a.sdListenerOnly && !w.a.explicitLink) return; // §4.5.5 reacting to the listener
  // "Your sugar level is concerning to me": a stance on the listener's matter, no parallel experience (§4.5.5)
  if (w.stanceOnly && w.sd.some((x) => LISTENER_IN_SPAN.test(w.u.text.slice(x.s, x.e)))) return;
  const link = w.a.explicitLink;
  let seen = 0;
  let firstSD: { j: number; lag: number } | undefined;
  let found: { j: number; lag: number; match: 'explicit_link' | 'same_topic' } | undefined;
  let bridge: Analysis | undefined;
  let linkTopics: Set<string> | undefined;
  for (let j = i - 1; j >= 0; j--) {
    const p = work[j]!;
    if (p.u.speaker !== partner) continue;
    seen++;
    if (seen > N) break;
    if (w.u.start !== undefined && (p.u.start ?? p.u.end) !== undefined && w.u.start - (p.u.start ?? p.u.end)! > maxLag) break;
    // the partner's follow-up questions carry the subject of the exchange ("Do you get shots?")
    // a script move by the partner starts a new topic (§4.4 "no intervening new topic")
    if (p.a.scripted) break;
    if (p.sd.length === 0 && p.a.hasQuestion && related(w.a, p.a)) bridge ??= p.a;
    if (p.sd.length === 0 || p.backchannel || p.a.sdListenerOnly) continue;
    // "…is concerning to me", "…important information for me": a stance toward the listener's situation, nothing
    // of the speaker's own life for the other to answer in kind (§4.4 needs a shared experience)
    if (p.stanceOnly) continue;
    firstSD ??= { j, lag: seen };
    // an explicit link answers the latest partner disclosure it can be about (no topic clash), §4.4 / §4.5.8
    // "Me too." right after the partner's turn answers that turn whatever else follows
    // a link whose own sentence names no subject ("That happened to me too. In high school.") clashes with nothing
    const openingLink = link !== undefined && seen === 1 && w.a.toks.findIndex((t) => t.s === link.s) <= 2;
    if (link && (openingLink || w.a.topics.size === 0 || p.a.topics.size === 0 || sameTopic(w.a, p.a) || sharedContent(w.a, p.a) || (linkTopics ??= sentenceTopics(w.a, link.s, cb)).size === 0)) {
      found = { j, lag: seen, match: 'explicit_link' };
      break;
    }
    // the partner's question carries the subject of the disclosure it follows up: when it is about that disclosure,
    // or a bare follow-up with no subject of its own ("Where?", "What kind?"); "How's your goal going?" after the
    // mentor's dog story carries the goal, not the dog (§4.4 same topic)
    if (related(w.a, p.a) || (bridge !== undefined && (bridge.words <= 4 || related(bridge, p.a)))) {
      found = { j, lag: seen, match: 'same_topic' };
      break;
    }
    // right after the partner's disclosure, an anaphoric subject ("Right. It's tough because…") goes on with the
    // partner's subject (§4.5.8)
    if (j === i - 1 && continuesPartner(w.a)) {
      found = { j, lag: seen, match: 'same_topic' };
      break;
    }
    // the partner's disclosure answered one of this speaker's own: going on with that subject goes on with the
    // partner's (§4.5.8 "a mentee who goes on disclosing on the mentor's subject")
    // a short feeling with no subject of its own ("Really bad.") right after the partner's answering disclosure goes
    // on with that shared subject
    if (p.rec && j === i - 1 && w.emotion.length > 0 && w.a.words <= 4 && w.a.topics.size === 0 && !w.a.hasQuestion) {
      found = { j, lag: seen, match: 'same_topic' };
      break;
    }
    if (p.rec && p.rec.topicMatch === 'same_topic') {
      let own: Work | undefined;
      // the answered turn lies within the window before the partner's (bounded look-back)
      for (let k = j - 1; k >= 0 && k >= j - 4 * N - 2; k--) {
        if (work[k]!.u.turn === p.rec.turn && work[k]!.u.speaker === w.u.speaker) {
          own = work[k];
          break;
        }
      }
      if (own && related(w.a, own.a)) {
        found = { j, lag: seen, match: 'same_topic' };
        break;
      }
    }
  }
  // continuing one's own reciprocating story while the partner's disclosure is still in the window
  if (!found && firstSD) {
    for (let j = i - 1, own = 0; j >= 0 && own < 2; j--) {
      const q = work[j]!;
      if (q.u.speaker !== w.u.speaker) continue;
      own++;
      if (q.sd.length === 0) continue;
      // still telling the story that answered the partner: it answers the partner's latest disclosure in the window
      if (q.rec) found = { j: firstSD.j, lag: firstSD.lag, match: 'same_topic' };
      break;
    }
  }
  if (found) {
    const p = work[found.j]!;
    // "Me too." takes over the partner's feeling (explicit link inherits it, like an ellipsis answer)
    if (found.match === 'explicit_link' && link && w.emotion.length === 0 && p.emotion.length > 0 && INHERITING_LINK.test(w.u.text.slice(link.s, link.e))) {
      w.emotion.push({ s: link.s, e: link.e, rule: 'EMO-ELLIPSIS' });
    }
    w.rec = { turn: p.u.turn, lagTurns: found.lag, topicMatch: found.match, matchesType: (w.emotion.length > 0) === (p.emotion.length > 0) };
    w.recSpan = link ? { s: link.s, e: link.e, rule: 'REC-EXPLICIT-LINK' } : { ...w.sd[0]!, rule: 'REC-SAME-TOPIC' };
  } else if (firstSD) {
    w.loose = true;
  } else if (link) {
    // explicit "too" pointing back further than N partner turns: loose only (§4.5.8)
    for (let j = i - 1, s2 = 0; j >= 0 && s2 < N + 6; j--) {
      const p = work[j]!;
      if (p.u.speaker !== partner) continue;
      s2++;
      if (p.sd.length > 0) {
        w.loose = true;
        break;
      }
    }
  }
}

function outputOf(work: Work[], i: number, cb: Codebook): TaggedUtterance {
  const w = work[i]!;
  const tags: Record<TagName, boolean> = {
    selfDisclosure: w.sd.length > 0,
    emotion: w.emotion.length > 0,
    advice: w.advice.length > 0,
    reciprocatedDisclosure: w.rec !== undefined,
  };
  const evidence: Evidence[] = [];
  if (tags.selfDisclosure) for (const s of w.sd) evidence.push({ tag: 'selfDisclosure', start: s.s, end: s.e, rule: s.rule });
  if (tags.emotion) for (const s of w.emotion) evidence.push({ tag: 'emotion', start: s.s, end: s.e, rule: s.rule });
  if (tags.advice) for (const s of w.advice) evidence.push({ tag: 'advice', start: s.s, end: s.e, rule: s.rule });
  if (w.recSpan) evidence.push({ tag: 'reciprocatedDisclosure', start: w.recSpan.s, end: w.recSpan.e, rule: w.recSpan.rule });
  const emotionTerms = w.a.emotionTerms;
  const detail: TaggedUtterance['detail'] = { emotionTerms, looseReciprocation: w.loose || w.rec !== undefined, backchannel: w.backchannel, scripted: w.a.scripted };
  if (tags.selfDisclosure) {
    detail.sdType = tags.emotion ? 'emotion' : 'fact';
    detail.sdDepth = depth(w);
  }
  if (tags.advice) detail.adviceForm = w.advice[0]!.form;
  if (w.rec) detail.reciprocates = w.rec;
  if (w.u.speaker === 'mentee' && tags.selfDisclosure) detail.mentorResponse = mentorResponse(work, i, cb.windows.mentorResponseTurns);
  const t: TaggedUtterance = { turn: w.u.turn, speaker: w.u.speaker, text: w.u.text, tags, detail, evidence, codebookVersion: cb.version };
  if (w.u.start !== undefined) t.start = w.u.start;
  if (w.u.end !== undefined) t.end = w.u.end;
  return t;
}

const THIRD = new Set(['he', 'she', 'they', 'him', 'her', 'them', 'his', 'their', 'everyone', 'people', 'others']);
/** Someone else is around the feeling: in its sentence, in the sentence before ("She always cries. Happy cry."), or
 * right after it ("embarrassing for her friends"). */
function thirdPersonNear(a: Analysis, sent: Analysis['sents'][number], k: number): boolean {
  const si = a.sents.indexOf(sent);
  const from = si > 0 ? a.sents[si - 1]!.a : sent.a;
  for (let j = from; j < sent.b && j <= k + 2; j++) if (THIRD.has(a.toks[j]!.w)) return true;
  return false;
}
/** The first negative feeling of a statement with nobody (or "it") as its experiencer and nobody else near it. */
function unownedFeeling(a: Analysis, cb: Codebook): Analysis['emotionTerms'][number] | undefined {
  for (let ti = 0; ti < a.emotionTerms.length; ti++) {
    const t = a.emotionTerms[ti]!;
    const e = a.termEntry[ti]!;
    if (t.negated || e.weak || e.formulaic || e.difficulty || t.valence !== 'negative') continue;
    const k = a.termIdx[ti]!;
    const sent = sentenceAt(a, t.start);
    if (!sent || sent.question) continue;
    if (a.toks[k - 1]?.w === 'a') continue; // "That is a shame": sympathy, not the speaker's shame
    // "The glass is empty": a word that also describes things, said of a thing
    if (cb.needsCopula.has(a.toks[k]!.w) && predicatedOfThing(a.toks, sent.a, k, cb)) continue;
    const exp = experiencer(a.toks, k, sent.a, cb);
    if ((exp === 'none' || exp === 'it') && !thirdPersonNear(a, sent, k)) return t;
  }
  return undefined;
}

/**
 * The mentee's request for advice is still open at turn i: asked in the mentee's last turn, or in the one before
 * it when the mentor's turn between them gave no advice ("What do you do to stop worrying?" – "Hmm." – "There's
 * only bad news everywhere." – answer).
 */
const PRAISE = /^\W*(?:oh,? |wow,? |aw+,? )?(?:i )?(?:really |just |totally )?(?:love|loved|like|liked|adore) (?:that|this|it)(?: so much| a lot)?\W*$/i;

function adviceRequestOpen(work: Work[], i: number): boolean {
  for (let j = i - 1, menteeTurns = 0; j >= 0 && j >= i - 4; j--) {
    const p = work[j]!;
    if (p.u.speaker === 'mentor') {
      if (p.advice.length > 0) return false;
      continue;
    }
    if (p.u.speaker !== 'mentee') continue;
    if (p.asksAdvice) return true;
    if (++menteeTurns >= 2) return false;
  }
  return false;
}

function voicedReflection(work: Work[], i: number, a: Analysis): boolean {
  if (a.toks[0]?.w !== 'i' || a.content.size < 2) return false;
  // "my own sister", "me too": marked as the speaker's own
  for (let k = 0; k + 1 < a.toks.length; k++) if ((a.toks[k]!.w === 'my' && a.toks[k + 1]!.w === 'own') || a.toks[k + 1]!.w === 'too') return false;
  const heard = new Set<string>();
  // the mentee's last three turns, and the mentor's own reflections between them (turns without disclosure)
  for (let j = i - 1, seen = 0; j >= 0 && seen < 3; j--) {
    const p = work[j]!;
    if (p.u.speaker === 'mentee') seen++;
    else if (p.u.speaker !== 'mentor' || p.sd.length > 0) continue;
    for (const c of p.a.content) heard.add(c);
  }
  let shared = 0;
  for (const c of a.content) if (heard.has(c)) shared++;
  return shared / a.content.size >= 0.6;
}

const RELAY_VERBS = new Set(['suggested', 'suggests', 'recommended', 'recommends', 'advised', 'advises']);
const RELAY_NEXT = new Set(['to', 'that', 'you', 'getting', 'trying', 'going', 'taking', 'doing', 'making', 'using', 'talking', 'calling', 'looking', 'waiting', 'buying', 'asking', 'reading', 'writing', 'keeping', 'finding', 'joining', 'seeing', 'starting', 'eating', 'drinking', 'sleeping']);
const RELAY_NOT_SUBJECT = new Set(['i', 'you', 'we', 'not', 'is', 'was', 'be', 'been', 'are']);
function relayedSuggestion(a: Analysis): (Span & { form: AdviceForm }) | undefined {
  const t = a.toks;
  for (let k = 1; k < t.length; k++) {
    if (!RELAY_VERBS.has(t[k]!.w) || RELAY_NOT_SUBJECT.has(t[k - 1]!.w) || !RELAY_NEXT.has(t[k + 1]?.w ?? '')) continue;
    const n1 = t[k + 2]?.w ?? '';
    if (t[k + 1]!.w === 'that' && (n1 === 'i' || n1 === 'we')) continue;
    if (n1 === 'me' || n1 === 'us' || t[k + 1]!.w === 'me') continue;
    let e = k + 1;
    while (e + 1 < t.length && !HARD_STOP.has(t[e + 1]!.w)) e++;
    return { s: t[k - 1]!.s, e: t[e]!.e, rule: 'ADV-RELAYED', form: 'implicit_narrative' };
  }
  return undefined;
}
const HARD_STOP = new Set(['.', '!', '?', ';']);

const HABIT_ADVERBS = new Set(['usually', 'always', 'often', 'just', 'really', 'also', 'normally', 'sometimes', 'personally', 'generally', 'still', 'now', 'try', 'to']);
/**
 * The recommending sentence of an answer to an advice request: an own habit in the present ("I keep a list", "I try to
 * walk every day"), a conditional about the listener ("If you feel he can help, then sure") or a generic "you" with a
 * base verb ("You make a plan and stick to it"). Questions and past narratives are left alone.
 */
function adviceAnswer(a: Analysis, cb: Codebook): (Span & { form: AdviceForm }) | undefined {
  const t = a.toks;
  for (const sent of a.sents) {
    if (sent.question) continue;
    let j = sent.a;
    while (j < sent.b && cb.sets.discourse.has(t[j]!.w)) j++;
    const w0 = t[j]?.w;
    if (w0 === undefined || j >= sent.b) continue;
    const span = { s: t[j]!.s, e: t[sent.b - 1]!.e, rule: 'ADV-ANSWER-TO-REQUEST' };
    if (w0 === 'if') {
      for (let k = j + 1; k < sent.b; k++) if (t[k]!.w === 'you') return { ...span, form: 'conditional' };
      continue;
    }
    if (w0 === 'you' && cb.sets.imperativeVerbs.has(t[j + 1]?.w ?? '')) return { ...span, form: 'imperative' };
    if (w0 === 'i') {
      let k = j + 1;
      while (k < sent.b && HABIT_ADVERBS.has(t[k]!.w)) k++;
      const v = t[k]?.w ?? '';
      if (k < sent.b && (cb.sets.imperativeVerbs.has(v) || v === 'do')) return { ...span, form: 'implicit_narrative' };
    }
  }
  return undefined;
}

const LISTENER_IN_SPAN = /\b(?:you|your|yours)\b/i;
/** An evaluation of something put to the speaker: "X is concerning to me", "that's important information for me". */
const STANCE_TO_ME = /\b(?:is|are|was|were|'s|’s)\b.*\b(?:to|for) me$/i;

/** The topic categories of the sentence holding character `at`. */
function sentenceTopics(a: Analysis, at: number, cb: Codebook): Set<string> {
  const out = new Set<string>();
  const sent = sentenceAt(a, at);
  if (sent) for (let k = sent.a; k < sent.b; k++) for (const t of cb.topics.get(a.toks[k]!.w) ?? []) out.add(t);
  return out;
}

/** Same topic category, or (when one side is short enough for a shared word to mean something) a shared content word. */
function related(u: Analysis, d: Analysis): boolean {
  if (sameTopic(u, d)) return true;
  // one shared word means something when one side is short; between two long turns it takes two
  return sharedCount(u, d, 2) >= (u.words <= 15 || d.words <= 15 ? 1 : 2);
}

function sharedContent(u: Analysis, d: Analysis): boolean {
  return sharedCount(u, d, 1) > 0;
}

function sharedCount(u: Analysis, d: Analysis, enough: number): number {
  let n = 0;
  for (const c of u.content) if (d.content.has(c) && ++n >= enough) break;
  return n;
}

const CONT_OPENERS = new Set(['yes', 'yeah', 'yep', 'right', 'true', 'exactly', 'well', 'but', 'and', 'so', 'oh', 'um', 'uh', 'ok', 'mm', 'hmm', ',', '.', '!']);
const ANAPHOR_VERBS = new Set(['is', 'was', 'has', 'had', 'does', 'did', 'makes', 'made', 'gets', 'got', 'feels', 'felt', 'seems', 'happened', 'happens']);
/** The turn opens on the previous turn's subject: "Right. It's tough because…", "Yes, that happened when…". */
function continuesPartner(a: Analysis): boolean {
  const t = a.toks;
  let k = 0;
  while (k < t.length && k < 6 && CONT_OPENERS.has(t[k]!.w)) k++;
  const w = t[k]?.w;
  return (w === 'it' || w === 'that' || w === 'this') && ANAPHOR_VERBS.has(t[k + 1]?.w ?? '') && a.emotion.length + a.sd.length > 0;
}

function sameTopic(u: Analysis, d: Analysis): boolean {
  for (const t of u.topics) if (d.topics.has(t)) return true;
  return false;
}

/** CL-Aff "a lot" vs "a little": an own negative emotion, a difficulty, or a long disclosure is high. */
function depth(w: Work): 'low' | 'high' {
  if (w.emotion.some((e) => e.rule === 'EMO-DIFFICULTY')) return 'high';
  if (w.emotion.length > 0 && w.a.emotionTerms.some((t) => t.valence === 'negative' && !t.negated)) return 'high';
  if (w.sd.length >= 3) return 'high';
  return 'low';
}

function mentorResponse(work: Work[], i: number, window: number): MentorResponseDetail {
  for (let j = i + 1; j < work.length && j <= i + window; j++) {
    const m = work[j]!;
    if (m.u.speaker !== 'mentor') continue;
    if (m.backchannel && j < i + window) {
      // skip a pure back-channel if a substantive mentor turn follows within the window
      let later: Work | undefined;
      for (let k = j + 1; k < work.length && k <= i + window; k++) if (work[k]!.u.speaker === 'mentor' && !work[k]!.backchannel) later = work[k];
      if (later) continue;
    }
    const rec = m.rec !== undefined;
    const adv = m.advice.length > 0;
    let primary: MentorResponse;
    if (rec) primary = 'reciprocated_disclosure';
    else if (adv) primary = 'advice';
    else if (m.a.hasQuestion) primary = 'question_followup';
    else if (m.a.empathy) primary = 'empathy_validation';
    else if (m.backchannel) primary = 'acknowledgement_only';
    else if (m.a.scripted) primary = 'script_move';
    else primary = 'topic_change';
    return { primary, turn: m.u.turn, advice: adv, reciprocated: rec, looseReciprocated: rec || m.loose };
  }
  return { primary: 'no_response', advice: false, reciprocated: false, looseReciprocated: false };
}
