/**
 * The agreement report: tag the coded transcripts (whole, in turn order, so ellipsis and reciprocation see their
 * context) with a codebook version, pair each human code with the machine's tag, and score per tag. Pure: the route
 * loads the rows and the codebooks.
 */
import { TAG_NAMES, addPair, agreementStats, emptyConfusion, tagConversation, type AgreementStats, type Codebook, type Confusion, type TagName, type TaggedUtterance } from '@dyadic/tagging';
import type { CodedTranscriptUtterance, HumanCodeRow } from '@dyadic/db';

type Tagged = Map<string, TaggedUtterance>;
const key = (transcriptId: string, turn: number) => `${transcriptId}#${turn}`;

/** Every utterance tagged, keyed by transcript and turn; one tagConversation call per transcript. */
export function tagTranscripts(utterances: CodedTranscriptUtterance[], codebook: Codebook): Tagged {
  const byTranscript = new Map<string, CodedTranscriptUtterance[]>();
  for (const u of utterances) {
    let list = byTranscript.get(u.transcriptId);
    if (!list) byTranscript.set(u.transcriptId, (list = []));
    list.push(u);
  }
  const out: Tagged = new Map();
  for (const [id, list] of byTranscript) {
    const tagged = tagConversation(
      list.map((u) => ({ turn: u.turn, speaker: u.role, text: u.text, ...(u.start !== null ? { start: u.start } : {}), ...(u.end !== null ? { end: u.end } : {}) })),
      codebook,
    );
    for (const t of tagged) out.set(key(id, t.turn), t);
  }
  return out;
}

const spans = (t: TaggedUtterance, tag: TagName) => t.evidence.filter((e) => e.tag === tag).map(({ start, end, rule }) => ({ start, end, rule }));

function ref(c: HumanCodeRow, t: TaggedUtterance) {
  return { transcriptId: c.transcriptId, dyadKey: c.dyadKey, sessionDate: c.sessionDate, turn: c.turn, role: t.speaker, text: t.text };
}

export interface Listed<T> {
  total: number;
  items: T[];
}

function perTag<T>(make: () => T): Record<TagName, T> {
  return Object.fromEntries(TAG_NAMES.map((t) => [t, make()])) as Record<TagName, T>;
}

function push<T>(list: Listed<T>, limit: number, item: () => T): void {
  list.total++;
  if (list.items.length < limit) list.items.push(item());
}

/** Codes paired with one tagging: per-tag statistics and the disagreeing utterances (first `limit` per tag). */
export function scoreCodes(codes: HumanCodeRow[], tagged: Tagged, limit: number) {
  const conf = perTag<Confusion>(emptyConfusion);
  const disagreements = perTag<Listed<ReturnType<typeof ref> & { human: boolean; machine: boolean; evidence: ReturnType<typeof spans> }>>(() => ({ total: 0, items: [] }));
  let utterances = 0;
  let unmatched = 0;
  for (const c of codes) {
    const t = tagged.get(key(c.transcriptId, c.turn));
    if (!t) {
      unmatched++;
      continue;
    }
    utterances++;
    for (const tag of TAG_NAMES) {
      const human = c.codes[tag];
      if (human === null || human === undefined) continue;
      const machine = t.tags[tag];
      addPair(conf[tag], human, machine);
      if (human !== machine) push(disagreements[tag], limit, () => ({ ...ref(c, t), human, machine, evidence: spans(t, tag) }));
    }
  }
  const tags = Object.fromEntries(TAG_NAMES.map((t) => [t, agreementStats(conf[t])])) as Record<TagName, AgreementStats>;
  return { tags, disagreements, utterances, unmatched };
}

const brief = (s: AgreementStats) => ({ kappa: s.kappa, kappaCI95: s.kappaCI95, pabak: s.pabak, precision: s.precision, recall: s.recall, f1: s.f1 });
const minus = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);

/**
 * Version A (base) against version B (candidate) on the same codes: both scores, the difference, and the coded
 * utterances whose machine tag changed between the two (the ones that moved κ).
 */
export function compareVersions(
  codes: HumanCodeRow[],
  base: { version: string; tagged: Tagged; tags: Record<TagName, AgreementStats> },
  candidate: { version: string; tagged: Tagged; tags: Record<TagName, AgreementStats> },
  limit: number,
) {
  const changed = perTag<Listed<ReturnType<typeof ref> & { human: boolean; base: boolean; candidate: boolean; evidence: ReturnType<typeof spans> }>>(() => ({ total: 0, items: [] }));
  for (const c of codes) {
    const a = base.tagged.get(key(c.transcriptId, c.turn));
    const b = candidate.tagged.get(key(c.transcriptId, c.turn));
    if (!a || !b) continue;
    for (const tag of TAG_NAMES) {
      const human = c.codes[tag];
      if (human === null || human === undefined || a.tags[tag] === b.tags[tag]) continue;
      push(changed[tag], limit, () => ({ ...ref(c, b), human, base: a.tags[tag], candidate: b.tags[tag], evidence: spans(b.tags[tag] ? b : a, tag) }));
    }
  }
  const diff = (t: TagName) => {
    const sa = base.tags[t];
    const sb = candidate.tags[t];
    return {
      n: sb.n,
      base: brief(sa),
      candidate: brief(sb),
      delta: { kappa: sb.kappa - sa.kappa, pabak: minus(sb.pabak, sa.pabak), precision: sb.precision - sa.precision, recall: sb.recall - sa.recall, f1: sb.f1 - sa.f1 },
    };
  };
  const tags = Object.fromEntries(TAG_NAMES.map((t) => [t, diff(t)])) as Record<TagName, ReturnType<typeof diff>>;
  return { base: base.version, candidate: candidate.version, tags, changed };
}
