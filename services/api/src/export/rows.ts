import type { ExportDyad, ExportSession, StoredUtterance } from '@dyadic/db';
import { RATES } from './columns.js';

type Ratio = { num: number; den: number; value: number | null };

function at(obj: unknown, path: readonly string[]): unknown {
  let v: unknown = obj;
  for (const k of path) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  return v;
}

function rateCells(rates: unknown): unknown[] {
  return RATES.flatMap((r) => {
    const ratio = at(rates, r.path) as Ratio | undefined;
    return ratio ? [ratio.value, ratio.num, ratio.den] : [null, null, null];
  });
}

/** Rows carry typed values (booleans, numbers, ISO date strings, JSON values); each format writes them its own way. */
const bool = (b: boolean | undefined) => (b === undefined ? null : b);

export function utteranceRow(s: ExportSession, u: StoredUtterance): unknown[] {
  const d = u.detail as {
    sdType?: string;
    sdDepth?: string;
    emotionTerms?: Array<{ term: string; category: string; valence: string; negated: boolean }>;
    adviceForm?: string;
    reciprocates?: { turn: number; lagTurns: number; topicMatch: string };
    looseReciprocation?: boolean;
    backchannel?: boolean;
    scripted?: boolean;
    mentorResponse?: { primary: string; turn?: number };
  };
  return [
    s.programSlug,
    s.dyadKey,
    s.dyadId,
    s.sessionId,
    s.sessionDate,
    u.turn,
    u.speaker,
    u.role,
    u.text,
    u.start,
    u.end,
    bool(u.tags.selfDisclosure),
    d.sdType ?? null,
    d.sdDepth ?? null,
    bool(u.tags.emotion),
    (d.emotionTerms ?? []).map((t) => `${t.negated ? '!' : ''}${t.term}/${t.category}/${t.valence}`).join(';'),
    bool(u.tags.advice),
    d.adviceForm ?? null,
    bool(u.tags.reciprocatedDisclosure),
    bool(d.looseReciprocation ?? false),
    d.reciprocates?.turn ?? null,
    d.reciprocates?.lagTurns ?? null,
    d.reciprocates?.topicMatch ?? null,
    d.mentorResponse?.primary ?? null,
    d.mentorResponse?.turn ?? null,
    bool(d.backchannel ?? false),
    bool(d.scripted ?? false),
    u.evidence,
    s.taggerVersion,
  ];
}

export function sessionRow(s: ExportSession): unknown[] {
  const m = (s.metrics ?? {}) as { counts?: { utterances?: Record<string, number>; menteeDisclosures?: number }; rates?: unknown };
  return [
    s.programSlug,
    s.dyadKey,
    s.dyadId,
    s.sessionId,
    s.sessionDate,
    s.sessionIndex,
    m.counts?.utterances?.mentor ?? null,
    m.counts?.utterances?.mentee ?? null,
    m.counts?.utterances?.other ?? null,
    m.counts?.menteeDisclosures ?? null,
    ...rateCells(m.rates),
    s.taggerVersion,
  ];
}

export function dyadRow(d: ExportDyad): unknown[] {
  const summary = (d.summary ?? {}) as { sessions?: number; firstSessionDate?: string; lastSessionDate?: string; pooled?: unknown };
  const slope = (k: string) => ((d.trends ?? {}) as Record<string, { slope: number | null }>)[k]?.slope ?? null;
  return [
    d.programSlug,
    d.dyadKey,
    d.dyadId,
    summary.sessions ?? 0,
    summary.firstSessionDate ?? null,
    summary.lastSessionDate ?? null,
    ...rateCells(summary.pooled),
    slope('sdRatePer100.dyad'),
    slope('emotionSdShare.dyad'),
    slope('adviceAfterDisclosureRate'),
    slope('reciprocationRate'),
  ];
}
