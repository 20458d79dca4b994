/**
 * Tagging a conversation of any length with bounded memory: `tagConversation` on chunks of turns, each run with
 * the turns before it as context and the turns after it as lookahead, so every turn is tagged as it would be in
 * the whole conversation (see docs/streaming.md for what the context has to cover and what it cannot).
 *
 * What the tagger reads around turn i (tagger.ts, codebook `windows`):
 * - back: the two previous turns (questions answered, ellipsis, echoes), the partner's last N turns (implicit
 *   advice, reciprocation; N = reciprocationWindow ≤ 5), the partner's last N + 6 turns (loose "too" links), the
 *   speaker's own last 2 turns (a reciprocating story going on; a bare rating after one's own named feeling), the
 *   turn a partner's disclosure answered (at most 4N + 2 turns back, §4.5.8), and `i > 3` (the opening exchange);
 * - forward: the next `mentorResponseTurns` turns (the mentor's answer to a mentee disclosure, §5).
 * The context is at least `minContext` turns (64) and is widened until it holds N + 8 turns of both mentor and
 * mentee (a long stretch of `other` turns would otherwise push the partner out of it).
 *
 * Two rules reach further back than any window: an answer inherits the topics of the question it answers, which may
 * itself be an answer (a chain of question-answer turns), and a disclosure continuing the speaker's own reciprocating
 * story is a reciprocation when the speaker's previous disclosure was one (a chain as long as the exchange). So each
 * chunk is checked: the last context turns must come out exactly as they did when they were tagged; if not, the
 * context is doubled (up to `maxContext`) and the chunk tagged again. `stats.unsettled` counts chunks where even
 * `maxContext` was not enough.
 */
import { loadCodebook, type Codebook } from './codebook.js';
import { tagConversation, type TagOptions } from './tagger.js';
import type { TaggedUtterance, UtteranceInput } from './types.js';

export interface TagStreamOptions extends TagOptions {
  /** Turns tagged per `tagConversation` call (default 2,000). Smaller chunks: less memory, more repeated context. */
  chunkSize?: number;
  /** Turns of context before each chunk, at least (default 64; never fewer than the windows need). */
  minContext?: number;
  /** The context never holds more than this many turns (default 4,096): the bound on memory. */
  maxContext?: number;
}

const MIN_CONTEXT = 64;
const MAX_CONTEXT = 4096;

/**
 * Push turns in order, get tagged utterances back in the same order as soon as they are final. Holds at most
 * `maxContext + chunkSize + lookahead` turns.
 */
export class StreamTagger {
  private readonly cb: Codebook;
  private readonly opts: TagOptions;
  private readonly chunk: number;
  private readonly lookahead: number;
  private readonly minContext: number;
  private readonly roleContext: number;
  private readonly maxContext: number;
  /** Turns already tagged, kept as context (the last `maxContext`), and how they were tagged. */
  private history: UtteranceInput[] = [];
  private tagged: TaggedUtterance[] = [];
  /** Context turns compared with their own tagging before a chunk's result is accepted. */
  private readonly checkTurns: number;
  /**
   * `runs`: tagConversation calls; `widened`: runs repeated with a wider context; `unsettled`: chunks whose context
   * could not be widened enough (a chain longer than `maxContext`): their tags may differ from whole-conversation tagging.
   */
  readonly stats = { runs: 0, widened: 0, unsettled: 0 };
  /** Turns not tagged yet. */
  private pending: UtteranceInput[] = [];
  /** Turns seen before the oldest one in `history`: the absolute position matters (`i > 3`). */
  private dropped = 0;

  constructor(codebook?: Codebook, options: TagStreamOptions = {}) {
    this.cb = codebook ?? loadCodebook();
    const { chunkSize, minContext, maxContext, ...tagOpts } = options;
    this.opts = tagOpts;
    this.chunk = Math.max(1, Math.floor(chunkSize ?? 2000));
    const w = this.cb.windows;
    const n = Math.min(5, Math.max(1, Math.round(tagOpts.reciprocationWindow ?? w.reciprocationTurns)));
    this.lookahead = Math.max(0, Math.ceil(w.mentorResponseTurns));
    // partner turns looked back at (N + 6 for a loose link), plus the own turns and the two before
    this.roleContext = n + 6 + 2;
    this.maxContext = Math.max(maxContext ?? MAX_CONTEXT, 4 * this.roleContext);
    this.minContext = Math.min(this.maxContext, Math.max(minContext ?? MIN_CONTEXT, 2 * this.roleContext + 4));
    this.checkTurns = 2 * this.roleContext;
  }

  /** Turns held right now (context and not yet tagged). */
  get held(): number {
    return this.history.length + this.pending.length;
  }

  push(u: UtteranceInput): TaggedUtterance[] {
    this.pending.push(u);
    if (this.pending.length < this.chunk + this.lookahead) return [];
    return this.run(false);
  }

  /** The end of the conversation: everything still held. */
  end(): TaggedUtterance[] {
    const out: TaggedUtterance[] = [];
    while (this.pending.length > 0) for (const t of this.run(true)) out.push(t);
    return out;
  }

  private run(last: boolean): TaggedUtterance[] {
    const real = Math.min(this.chunk, this.pending.length);
    const ahead = last ? this.pending.length : Math.min(this.pending.length, real + this.lookahead);
    let want = this.minContext;
    let tagged: TaggedUtterance[];
    let nctx: number;
    for (;;) {
      const k = this.contextStart(want);
      const input = this.history.slice(k);
      nctx = input.length;
      for (let i = 0; i < ahead; i++) input.push(this.pending[i]!);
      tagged = tagConversation(input, this.cb, this.opts);
      this.stats.runs++;
      // from the first turn of the conversation: nothing was cut off
      if (k === 0 && this.dropped === 0) break;
      // The turns just before the chunk must come out as they did when they were tagged for real: otherwise
      // something before the context still reached them (a chain of answers or of reciprocations) and would
      // reach the chunk too. Widen the context and run again.
      if (this.settled(tagged, k, nctx)) break;
      const floor = Math.max(0, this.history.length - this.maxContext);
      if (k <= floor) {
        this.stats.unsettled++;
        break;
      }
      this.stats.widened++;
      want = Math.min(this.maxContext, want * 2);
    }
    const out = tagged.slice(nctx, nctx + real);
    const done = this.pending.splice(0, real);
    for (let i = 0; i < done.length; i++) {
      this.history.push(done[i]!);
      this.tagged.push(out[i]!);
    }
    if (this.history.length > this.maxContext + this.chunk) {
      const cut = this.history.length - this.maxContext;
      this.history = this.history.slice(cut);
      this.tagged = this.tagged.slice(cut);
      this.dropped += cut;
    }
    return out;
  }

  /** The last context turns of this run equal their own tagging. */
  private settled(run: TaggedUtterance[], k: number, nctx: number): boolean {
    for (let j = Math.max(0, nctx - this.checkTurns); j < nctx; j++) {
      if (!sameTagging(run[j]!, this.tagged[k + j]!)) return false;
    }
    return true;
  }

  /** Where a context of at least `want` turns starts in `history`. */
  private contextStart(want: number): number {
    const h = this.history;
    const floor = Math.max(0, h.length - this.maxContext);
    let k = Math.max(floor, h.length - want);
    let mentor = 0;
    let mentee = 0;
    for (let j = k; j < h.length; j++) {
      if (h[j]!.speaker === 'mentor') mentor++;
      else if (h[j]!.speaker === 'mentee') mentee++;
    }
    while (k > floor && (mentor < this.roleContext || mentee < this.roleContext)) {
      k--;
      if (h[k]!.speaker === 'mentor') mentor++;
      else if (h[k]!.speaker === 'mentee') mentee++;
    }
    return k;
  }
}

function sameTagging(a: TaggedUtterance, b: TaggedUtterance): boolean {
  return a.turn === b.turn && JSON.stringify(a.tags) === JSON.stringify(b.tags) && JSON.stringify(a.detail) === JSON.stringify(b.detail) && JSON.stringify(a.evidence) === JSON.stringify(b.evidence);
}

/**
 * Tag turns as they arrive (an async or sync iterable, in conversation order): the same tagged utterances, in
 * the same order, as `tagConversation` on the whole array, holding only a bounded window of turns.
 */
export async function* tagStream(
  turns: AsyncIterable<UtteranceInput> | Iterable<UtteranceInput>,
  codebook?: Codebook,
  options: TagStreamOptions = {},
): AsyncGenerator<TaggedUtterance> {
  const t = new StreamTagger(codebook, options);
  for await (const u of turns) {
    const out = t.push(u);
    for (let i = 0; i < out.length; i++) yield out[i]!;
  }
  const rest = t.end();
  for (let i = 0; i < rest.length; i++) yield rest[i]!;
}
