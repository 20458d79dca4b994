/**
 * Reading and validating utterance JSONL for `dyadic tag` and `dyadic agreement`: every line is checked before any
 * output is written, and errors name the line number (exit code 2 through `inputError`).
 */
import { readFileSync } from 'node:fs';
import { tagConversation, type Codebook, type Speaker, type TaggedUtterance } from '@dyadic/tagging';

export interface InputLine {
  id: string | number;
  conversation_id: string;
  turn: number;
  speaker: Speaker;
  text: string;
  /** The parsed line, kept only when asked (agreement reads its `human` codes). */
  raw?: Record<string, unknown>;
}

export function inputError(message: string): Error {
  return Object.assign(new Error(message), { inputError: true });
}

export function readInput(path: string): string {
  try {
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (err) {
    throw inputError(`cannot read ${path === '-' ? 'stdin' : path}: ${(err as Error).message}`);
  }
}

export function parseLines(text: string, opts: { keepRaw?: boolean } = {}): InputLine[] {
  const out: InputLine[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = parseLine(lines[i]!, i + 1, opts);
    if (line) out.push(line);
  }
  return out;
}

/**
 * The usual line, as `JSON.stringify` writes it: exactly these five keys in this order, no spaces, a string without
 * escapes or an integer of up to 15 digits as `id`, a string without escapes as `conversation_id`, an integer turn.
 * Every such line is valid JSON, and the groups give what `JSON.parse` would (the text unescaped by `JSON.parse` when
 * it has escapes); any other line goes through `JSON.parse`. One character per step, so a line that does not match
 * fails in linear time.
 */
const PLAIN_LINE = /^\{"id":(?:"([^"\\\x00-\x1f]*)"|(-?(?:0|[1-9][0-9]{0,14}))),"conversation_id":"([^"\\\x00-\x1f]*)","turn":(-?(?:0|[1-9][0-9]{0,14})),"speaker":"(mentor|mentee|other)","text":"((?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*)"\}$/;

/** One line of utterance JSONL (`n`: its 1-based number, for errors); undefined for a blank line. */
export function parseLine(text: string, n: number, opts?: { keepRaw?: boolean }): InputLine | undefined {
  const l = text.trim();
  if (l === '') return undefined;
  if (!opts?.keepRaw) {
    const m = PLAIN_LINE.exec(l);
    if (m) {
      const t = m[6]!;
      return { id: m[1] ?? Number(m[2]), conversation_id: m[3]!, turn: Number(m[4]), speaker: m[5] as Speaker, text: t.includes('\\') ? (JSON.parse(`"${t}"`) as string) : t };
    }
  }
  let o: unknown;
  try {
    o = JSON.parse(l);
  } catch {
    throw inputError(`line ${n}: not valid JSON`);
  }
  if (!o || typeof o !== 'object' || Array.isArray(o)) throw inputError(`line ${n}: expected a JSON object`);
  const r = o as Record<string, unknown>;
  if (typeof r.id !== 'string' && typeof r.id !== 'number') throw inputError(`line ${n}: "id" must be a string or number`);
  if (typeof r.conversation_id !== 'string' && typeof r.conversation_id !== 'number') throw inputError(`line ${n}: "conversation_id" must be a string`);
  if (typeof r.turn !== 'number' || !Number.isFinite(r.turn)) throw inputError(`line ${n}: "turn" must be a number`);
  if (r.speaker !== 'mentor' && r.speaker !== 'mentee' && r.speaker !== 'other') throw inputError(`line ${n}: "speaker" must be "mentor", "mentee" or "other"`);
  if (typeof r.text !== 'string') throw inputError(`line ${n}: "text" must be a string`);
  const line: InputLine = { id: r.id, conversation_id: String(r.conversation_id), turn: r.turn, speaker: r.speaker, text: r.text };
  if (opts?.keepRaw) line.raw = r;
  return line;
}

/** Tags every conversation in turn order (context never crosses conversations); result is in input order. */
export function tagLines(lines: InputLine[], codebook: Codebook, opts: { reciprocationWindow?: number } = {}): TaggedUtterance[] {
  return mapTagged(lines, codebook, opts, (t) => t);
}

/**
 * Like tagLines but maps each tagged utterance right away (e.g. to its output line), so a large input does not
 * keep every TaggedUtterance object alive at once.
 */
export function mapTagged<T>(lines: InputLine[], codebook: Codebook, opts: { reciprocationWindow?: number }, fn: (t: TaggedUtterance, line: InputLine) => T): T[] {
  const byConv = new Map<string, number[]>();
  lines.forEach((l, i) => {
    let g = byConv.get(l.conversation_id);
    if (!g) byConv.set(l.conversation_id, (g = []));
    g.push(i);
  });
  const out: T[] = new Array(lines.length);
  for (const idx of byConv.values()) {
    const ordered = idx.slice().sort((a, b) => lines[a]!.turn - lines[b]!.turn || a - b);
    const tagged = tagConversation(
      ordered.map((i) => ({ turn: lines[i]!.turn, speaker: lines[i]!.speaker, text: lines[i]!.text })),
      codebook,
      opts.reciprocationWindow !== undefined ? { reciprocationWindow: opts.reciprocationWindow } : {},
    );
    ordered.forEach((i, k) => (out[i] = fn(tagged[k]!, lines[i]!)));
  }
  return out;
}
