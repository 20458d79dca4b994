/**
 * `dyadic tag --input in.jsonl --output out.jsonl` (`-` = stdin/stdout), or `dyadic tag session.txt [--mentor NAME]
 * [--mentee NAME]` for a transcript file. Options: `--window N` (reciprocation window, 1–5), `--extra dict.json`
 * (an ExtraDictionary; the codebookVersion then carries `+custom.<hash>`), `--format` (transcript format).
 * Output: one JSON line per input line, same order.
 *
 * Streaming, in two passes over the input (stdin is first copied to a temporary file): the first pass reads and
 * checks everything (every JSONL line; the whole transcript, its speakers and their roles) and writes nothing, so a
 * malformed line or transcript fails with exit 2 before any output exists. The second pass tags a bounded window of
 * turns at a time (`StreamTagger`) and writes as it goes; an `--output` file is written under a temporary name and
 * renamed at the end, so it never exists half-written. Memory does not grow with the input (see docs/streaming.md).
 */
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { StreamTagger, loadCodebook, tagConversation, type Codebook, type ExtraDictionary, type Speaker, type TaggedUtterance, type UtteranceInput } from '@dyadic/tagging';
import type { Format } from '@dyadic/transcript';
import { UsageError } from '../errors.js';
import { parseFlags } from '../eval/flags.js';
import { inputError, parseLine, type InputLine } from '../eval/jsonl.js';
import { LineOutput, readLines } from '../lines.js';

type TagOpts = { reciprocationWindow?: number };

/**
 * The output line's object, written by `LineOutput.writeJsonLine` or JSON.stringify. (Spreading a `base` object
 * into it, as before, made a new object shape for every line and JSON.stringify ~4× slower.)
 */
function outputLine(id: string | number, conversationId: string, turn: number, t: TaggedUtterance): object {
  return { id, conversation_id: conversationId, turn, tags: t.tags, detail: t.detail, evidence: t.evidence, codebookVersion: t.codebookVersion };
}

/** A transcript turn's line: as `outputLine`, with the speaker after the turn. */
function transcriptLine(id: string, conversationId: string, t: TaggedUtterance): object {
  return { id, conversation_id: conversationId, turn: t.turn, speaker: t.speaker, tags: t.tags, detail: t.detail, evidence: t.evidence, codebookVersion: t.codebookVersion };
}

export function codebookFromFlags(extraPath: string | undefined): Codebook {
  if (!extraPath) return loadCodebook();
  let extra: ExtraDictionary;
  try {
    extra = JSON.parse(readFileSync(extraPath, 'utf8')) as ExtraDictionary;
  } catch (err) {
    throw inputError(`--extra ${extraPath}: ${(err as Error).message}`);
  }
  return loadCodebook({ extraTerms: extra });
}

/** A readable input file: `-` (stdin) is copied to a temporary file first, so it can be read twice. */
async function inputFile(path: string, shown: string): Promise<{ path: string; cleanup: () => void }> {
  if (path === '-') {
    const dir = mkdtempSync(join(tmpdir(), 'dyadic-tag-'));
    const p = join(dir, 'stdin');
    try {
      await pipeline(process.stdin, createWriteStream(p, { mode: 0o600 }));
    } catch (err) {
      rmSync(dir, { recursive: true, force: true });
      throw inputError(`cannot read stdin: ${(err as Error).message}`);
    }
    return { path: p, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  }
  try {
    const st = await stat(path);
    if (st.isDirectory()) throw Object.assign(new Error('EISDIR: illegal operation on a directory, read'), { code: 'EISDIR' });
  } catch (err) {
    throw inputError(`cannot read ${shown}: ${(err as Error).message}`);
  }
  return { path, cleanup: () => {} };
}

interface ConvInfo {
  lines: number;
  /** Turns never decrease in file order: file order is turn order, the conversation can stream. */
  ordered: boolean;
  lastTurn: number;
}

interface ConvState {
  seen: number;
  tagger?: StreamTagger;
  /** Output slots of lines pushed to the tagger and not tagged yet (FIFO). */
  slots: { seq: number; line: InputLine }[];
  head: number;
  /** Lines of a conversation out of turn order: tagged whole when its last line is read. */
  collected?: { seq: number; line: InputLine }[];
}

/**
 * Utterance JSONL: pass 1 checks every line and notes, per conversation, its line count and whether its turns come
 * in order. Pass 2 streams conversations that are in order through a StreamTagger each and tags the others whole
 * when their last line is read (as `mapTagged`: sorted by turn, ties in file order); lines are written in input order.
 */
async function tagJsonl(input: string, output: string, cb: Codebook, opts: TagOpts): Promise<number> {
  const src = await inputFile(input, input === '-' ? 'stdin' : input);
  try {
    const convs = new Map<string, ConvInfo>();
    readLines(src.path, (text, n) => {
      const l = parseLine(text, n);
      if (!l) return;
      const c = convs.get(l.conversation_id);
      if (!c) convs.set(l.conversation_id, { lines: 1, ordered: true, lastTurn: l.turn });
      else {
        c.lines++;
        if (l.turn < c.lastTurn) c.ordered = false;
        c.lastTurn = l.turn;
      }
    });

    await writeOutput(output, async (out) => {
      const ready = new Map<number, string>();
      let next = 0;
      let seq = 0;
      let unsettled = 0;
      const state = new Map<string, ConvState>();
      /** Line `s` is written now if it is the next one, else kept (as JSON text) until the lines before it are. */
      const put = (s: number, line: InputLine, t: TaggedUtterance) => {
        const o = outputLine(line.id, line.conversation_id, line.turn, t);
        if (s === next) {
          out.writeJsonLine(o);
          next++;
        } else ready.set(s, JSON.stringify(o));
      };
      const deliver = (st: ConvState, tagged: TaggedUtterance[]) => {
        for (const t of tagged) {
          const slot = st.slots[st.head++]!;
          put(slot.seq, slot.line, t);
        }
        if (st.head > 1024 && st.head * 2 > st.slots.length) {
          st.slots = st.slots.slice(st.head);
          st.head = 0;
        }
      };
      const tagLine = (l: InputLine) => {
        const s = seq++;
        const info = convs.get(l.conversation_id)!;
        let st = state.get(l.conversation_id);
        if (!st) {
          st = { seen: 0, slots: [], head: 0 };
          if (info.ordered) st.tagger = new StreamTagger(cb, opts);
          else st.collected = [];
          state.set(l.conversation_id, st);
        }
        st.seen++;
        const last = st.seen === info.lines;
        if (st.tagger) {
          st.slots.push({ seq: s, line: l });
          deliver(st, st.tagger.push({ turn: l.turn, speaker: l.speaker, text: l.text }));
          if (last) {
            deliver(st, st.tagger.end());
            unsettled += st.tagger.stats.unsettled;
          }
        } else {
          st.collected!.push({ seq: s, line: l });
          if (last) {
            const ordered = st.collected!.map((x, k) => ({ ...x, k })).sort((a, b) => a.line.turn - b.line.turn || a.k - b.k);
            const tagged = tagConversation(ordered.map((x) => ({ turn: x.line.turn, speaker: x.line.speaker, text: x.line.text })), cb, opts);
            ordered.forEach((x, k) => put(x.seq, x.line, tagged[k]!));
          }
        }
        if (last) state.delete(l.conversation_id);
        for (let o = ready.get(next); o !== undefined; o = ready.get(next)) {
          out.write(o);
          ready.delete(next++);
        }
      };
      readLines(src.path, (text, n) => {
        const l = parseLine(text, n);
        if (l) tagLine(l);
      });
      return unsettled;
    });
  } finally {
    src.cleanup();
  }
  return 0;
}

/**
 * Write the output lines `fill` produces: closed (renamed into place) when it finishes, aborted (nothing left) when
 * it throws; `fill` returns how many chunks stayed unsettled, which is warned about.
 */
async function writeOutput(output: string, fill: (out: LineOutput) => Promise<number>): Promise<void> {
  const out = new LineOutput(output);
  try {
    const unsettled = await fill(out);
    out.close();
    if (unsettled > 0) process.stderr.write(`dyadic tag: warning: in ${unsettled} chunk(s) a reciprocation chain was longer than the tagging window; those tags may differ from tagging the conversation whole\n`);
  } catch (err) {
    out.abort();
    throw err;
  }
}

/**
 * A transcript file: pass 1 parses it (streamed) for its speakers and errors and maps the roles; pass 2 parses it
 * again and tags the turns as they come.
 */
async function tagTranscript(file: string, output: string, cb: Codebook, opts: TagOpts, f: { format?: string | undefined; mentor?: string | undefined; mentee?: string | undefined }): Promise<number> {
  // Transcript file: parsed by @dyadic/transcript (loaded only here, so the JSONL path works without it).
  const tr = await import('@dyadic/transcript');
  const src = await inputFile(file, file);
  try {
    const popts: { filename: string; format?: Format | 'auto' } = { filename: basename(file) };
    if (f.format) popts.format = f.format as Format;
    const roleOpts: { mentor?: string; mentee?: string } = {};
    if (f.mentor) roleOpts.mentor = f.mentor;
    if (f.mentee) roleOpts.mentee = f.mentee;
    let roles: Record<string, Speaker>;
    try {
      const first = tr.parseTranscriptStream(createReadStream(src.path, { highWaterMark: 1 << 16 }), popts);
      for await (const _turn of first);
      roles = tr.assignRoles(first, roleOpts);
    } catch (err) {
      // the transcript package's parse and role errors are input errors (exit 2), whatever their class
      if (err instanceof Error && !(err as { inputError?: boolean }).inputError) throw inputError(`${file}: ${err.message}`);
      throw err;
    }
    const conv = basename(file).replace(/\.[^.]+$/, '');
    const turns = tr.parseTranscriptStream(createReadStream(src.path, { highWaterMark: 1 << 16 }), popts);
    const tagger = new StreamTagger(cb, opts);
    await writeOutput(output, async (out) => {
      const emit = (tagged: TaggedUtterance[]) => {
        for (const t of tagged) out.writeJsonLine(transcriptLine(`${conv}:${t.turn}`, conv, t));
      };
      for await (const t of turns) {
        const u: UtteranceInput = { turn: t.index, speaker: roles[t.speaker] ?? 'other', text: t.text };
        if (t.start !== undefined) u.start = t.start;
        if (t.end !== undefined) u.end = t.end;
        emit(tagger.push(u));
      }
      emit(tagger.end());
      return tagger.stats.unsettled;
    });
  } finally {
    src.cleanup();
  }
  return 0;
}

export async function run(argv: string[]): Promise<number> {
  const f = parseFlags(argv, ['input', 'output', 'mentor', 'mentee', 'window', 'extra', 'format'], []);
  const window = f.values.window !== undefined ? Number(f.values.window) : undefined;
  if (window !== undefined && !(Number.isInteger(window) && window >= 1 && window <= 5)) throw new UsageError('--window must be an integer 1–5');
  const cb = codebookFromFlags(f.values.extra);
  const opts: TagOpts = window !== undefined ? { reciprocationWindow: window } : {};
  const output = f.values.output ?? '-';

  if (f.values.input !== undefined) {
    if (f.positional.length > 0) throw new UsageError('give either --input or a transcript file, not both');
    return tagJsonl(f.values.input, output, cb, opts);
  }
  const file = f.positional[0];
  if (!file) throw new UsageError('usage: dyadic tag --input in.jsonl [--output out.jsonl] | dyadic tag <transcript file> [--mentor NAME] [--mentee NAME]');
  if (/\.jsonl$/i.test(file)) return tagJsonl(file, output, cb, opts);
  return tagTranscript(file, output, cb, opts, { format: f.values.format, mentor: f.values.mentor, mentee: f.values.mentee });
}
