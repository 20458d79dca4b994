/**
 * Evaluation harness: reads labelled JSONL (`{source, conversation_id, turn, speaker, text, gold:{…}, meta}`), tags each
 * conversation in turn order with the same `tagConversation` the service uses, and scores per source × tag.
 * The data stays outside the repo; the path is an argument.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TAG_NAMES, addPair, emptyConfusion, score, tagConversation, type AgreementScore, type Codebook, type Confusion, type Evidence, type Speaker, type TagName } from '@dyadic/tagging';

export const GOLD_KEYS: Record<TagName, string> = {
  selfDisclosure: 'self_disclosure',
  emotion: 'emotion',
  advice: 'advice',
  reciprocatedDisclosure: 'reciprocated_disclosure',
};

export interface EvalLine {
  source: string;
  conversation_id: string;
  turn: number;
  speaker: Speaker;
  text: string;
  gold: Partial<Record<TagName, boolean | null>>;
  note?: string;
}

export interface EvalError {
  source: string;
  conversation_id: string;
  turn: number;
  speaker: Speaker;
  kind: 'fp' | 'fn';
  text: string;
  previous?: string;
  evidence: Evidence[];
  note?: string;
}

export interface EvalResult {
  codebookVersion: string;
  split: string;
  scores: Record<string, Partial<Record<TagName, AgreementScore>>>;
  errors: Partial<Record<TagName, EvalError[]>>;
}

function fnv(conversationId: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < conversationId.length; i++) h = Math.imul(h ^ conversationId.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Stable half of a conversation id (the original two-way split). */
export function half(conversationId: string): 'tune' | 'check' {
  return (fnv(conversationId) & 1) === 0 ? 'tune' : 'check';
}

export type Split = 'tune' | 'check' | 'final';

/**
 * Three-way split: the tune half stays as it was; the old check half is split again by the next hash bit into
 * `check` (looked at) and `final` (held out: report its scores, never read its errors). `final` is a subset of the
 * old check half so that nothing that was ever tuned on lands in it.
 */
export function splitOf(conversationId: string): Split {
  const h = fnv(conversationId);
  if ((h & 1) === 0) return 'tune';
  return (h & 2) === 0 ? 'check' : 'final';
}

export function inSplit(conversationId: string, split: EvalOptions['split']): boolean {
  if (!split || split === 'all') return true;
  if (split === 'check2') return half(conversationId) === 'check';
  return splitOf(conversationId) === split;
}

export function readEvalData(path: string): EvalLine[] {
  const files = statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((f) => f.endsWith('.jsonl'))
        .sort()
        .map((f) => join(path, f))
    : [path];
  const out: EvalLine[] = [];
  for (const f of files) {
    const lines = readFileSync(f, 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!.trim();
      if (!l) continue;
      let o: Record<string, unknown>;
      try {
        o = JSON.parse(l) as Record<string, unknown>;
      } catch {
        throw Object.assign(new Error(`${f}:${i + 1}: not valid JSON`), { inputError: true });
      }
      const gold = (o.gold ?? o.human ?? {}) as Record<string, boolean | null | undefined>;
      const g: EvalLine['gold'] = {};
      for (const t of TAG_NAMES) {
        const v = gold[GOLD_KEYS[t]] ?? gold[t];
        if (v === true || v === false) g[t] = v;
      }
      const meta = (o.meta ?? {}) as Record<string, unknown>;
      const line: EvalLine = {
        source: String(o.source ?? f.replace(/^.*\//, '').replace(/\.jsonl$/, '')),
        conversation_id: String(o.conversation_id ?? ''),
        turn: Number(o.turn ?? i),
        speaker: (o.speaker === 'mentor' || o.speaker === 'mentee' ? o.speaker : 'other') as Speaker,
        text: String(o.text ?? ''),
        gold: g,
      };
      if (typeof meta.note === 'string') line.note = meta.note;
      out.push(line);
    }
  }
  return out;
}

export interface EvalOptions {
  codebook?: Codebook;
  split?: Split | 'check2' | 'all';
  source?: string;
  errorsFor?: TagName;
  reciprocationWindow?: number;
}

export function evaluate(lines: EvalLine[], opts: EvalOptions = {}): EvalResult {
  const groups = new Map<string, EvalLine[]>();
  for (const l of lines) {
    if (opts.source && l.source !== opts.source) continue;
    if (!inSplit(l.conversation_id, opts.split)) continue;
    const k = `${l.source}\u0000${l.conversation_id}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(l);
  }
  const conf = new Map<string, Map<TagName, Confusion>>();
  const errors: EvalResult['errors'] = {};
  let version = '';
  for (const g of groups.values()) {
    g.sort((a, b) => a.turn - b.turn);
    const tagged = tagConversation(
      g.map((l) => ({ turn: l.turn, speaker: l.speaker, text: l.text })),
      opts.codebook,
      opts.reciprocationWindow !== undefined ? { reciprocationWindow: opts.reciprocationWindow } : {},
    );
    for (let i = 0; i < g.length; i++) {
      const l = g[i]!;
      const t = tagged[i]!;
      version = t.codebookVersion;
      for (const src of [l.source, 'ALL']) {
        let m = conf.get(src);
        if (!m) conf.set(src, (m = new Map()));
        for (const tag of TAG_NAMES) {
          const gold = l.gold[tag];
          if (gold === undefined || gold === null) continue;
          let c = m.get(tag);
          if (!c) m.set(tag, (c = emptyConfusion()));
          addPair(c, gold, t.tags[tag]);
          // errors of held-out (final) conversations are never listed, whatever the split
          if (src === 'ALL' && opts.errorsFor === tag && gold !== t.tags[tag] && splitOf(l.conversation_id) !== 'final') {
            const e: EvalError = { source: l.source, conversation_id: l.conversation_id, turn: l.turn, speaker: l.speaker, kind: gold ? 'fn' : 'fp', text: l.text, evidence: t.evidence.filter((x) => x.tag === tag) };
            if (i > 0) e.previous = g[i - 1]!.text;
            if (l.note) e.note = l.note;
            (errors[tag] ??= []).push(e);
          }
        }
      }
    }
  }
  const scores: EvalResult['scores'] = {};
  for (const [src, m] of [...conf.entries()].sort((a, b) => (a[0] === 'ALL' ? 1 : b[0] === 'ALL' ? -1 : a[0].localeCompare(b[0])))) {
    const s: Partial<Record<TagName, AgreementScore>> = {};
    for (const tag of TAG_NAMES) {
      const c = m.get(tag);
      if (c) s[tag] = score(c);
    }
    scores[src] = s;
  }
  return { codebookVersion: version, split: opts.split ?? 'all', scores, errors };
}

const SHORT: Record<TagName, string> = { selfDisclosure: 'SD', emotion: 'EMO', advice: 'ADV', reciprocatedDisclosure: 'REC' };

export function formatTable(scores: EvalResult['scores']): string {
  const rows = ['source             tag   n      P      R      F1     kappa'];
  for (const [src, s] of Object.entries(scores)) {
    for (const tag of TAG_NAMES) {
      const x = s[tag];
      if (!x) continue;
      rows.push(`${src.padEnd(18)} ${SHORT[tag].padEnd(5)} ${String(x.n).padEnd(6)} ${x.precision.toFixed(3)}  ${x.recall.toFixed(3)}  ${x.f1.toFixed(3)}  ${x.kappa.toFixed(3)}`);
    }
  }
  return rows.join('\n') + '\n';
}
