import type { Ratio } from './api.js';
import { h } from './dom.js';

export interface MetricDef {
  key: 'sdRatePer100.dyad' | 'emotionSdShare.dyad' | 'adviceAfterDisclosureRate' | 'reciprocationRate';
  title: string;
  short: string;
  per100: boolean;
  pick: (rates: Record<string, any>) => Ratio | undefined;
  what: string;
  found: string;
}

/** The four indicators, in plain words (packages/metrics/README.md, codebook §6). */
export const METRICS: MetricDef[] = [
  {
    key: 'sdRatePer100.dyad',
    title: 'Sharing about themselves',
    short: 'Self-disclosure',
    per100: true,
    pick: (r) => r.sdRatePer100?.dyad,
    what: 'Out of every 100 things the mentor and mentee said, how many were about themselves: their life, plans, likes or feelings.',
    found: 'In the study, pairs with a stronger connection shared more about themselves.',
  },
  {
    key: 'emotionSdShare.dyad',
    title: 'Sharing feelings',
    short: 'Emotion share',
    per100: false,
    pick: (r) => r.emotionSdShare?.dyad,
    what: 'Of the times they shared about themselves, the part where they talked about how they feel.',
    found: 'In the study, pairs with a stronger connection talked about their feelings more often.',
  },
  {
    key: 'adviceAfterDisclosureRate',
    title: 'Advice after the mentee shares',
    short: 'Advice after sharing',
    per100: false,
    pick: (r) => r.adviceAfterDisclosureRate,
    what: 'When the mentee shared something about themselves, how often the mentor answered with advice or a suggestion.',
    found: 'In the study, mentors in stronger pairs more often answered with advice.',
  },
  {
    key: 'reciprocationRate',
    title: 'Mentor shares back',
    short: 'Reciprocation',
    per100: false,
    pick: (r) => r.reciprocationRate,
    what: 'When the mentee shared something about themselves, how often the mentor shared something similar about their own life.',
    found: 'In the study, mentors in stronger pairs more often shared something similar back.',
  },
];

export const RESPONSE_LABELS: Record<string, string> = {
  reciprocated_disclosure: 'Shared something similar back',
  advice: 'Gave advice',
  empathy_validation: 'Showed understanding',
  question_followup: 'Asked a follow-up question',
  acknowledgement_only: 'Only acknowledged ("okay", "yeah")',
  topic_change: 'Changed the topic',
  script_move: 'Moved on with the script',
  no_response: 'No answer',
};

export const TAGS = [
  { key: 'selfDisclosure', label: 'Self-disclosure', badge: 'SD', cls: 'sd' },
  { key: 'emotion', label: 'Emotion', badge: 'Emotion', cls: 'emo' },
  { key: 'advice', label: 'Advice', badge: 'Advice', cls: 'adv' },
  { key: 'reciprocatedDisclosure', label: 'Reciprocated', badge: 'Reciprocated', cls: 'rec' },
] as const;
export type TagKey = (typeof TAGS)[number]['key'];

export function fmtValue(r: Ratio | undefined | null, per100: boolean): string {
  if (!r || r.value === null) return '–';
  return per100 ? r.value.toFixed(1) : `${Math.round(r.value * 100)} %`;
}

/** "3 of 4" style count that makes the denominator visible. */
export function fmtCount(r: Ratio | undefined | null): string {
  if (!r) return '';
  return `${r.num} of ${r.den}`;
}

export function fmtCi(r: Ratio | undefined | null, per100: boolean): string {
  if (!r?.ci95) return 'no range';
  const f = (v: number) => (per100 ? v.toFixed(0) : `${Math.round(v * 100)} %`);
  return `${f(r.ci95[0])}–${f(r.ci95[1])}`;
}

const ARROWS: Record<string, { sym: string; text: string }> = {
  rising: { sym: '↗', text: 'rising' },
  falling: { sym: '↘', text: 'falling' },
  flat: { sym: '→', text: 'steady' },
};

/** Trend direction as a symbol and a word (never a colour alone). */
export function trendChip(t: { direction: string | null; insufficientSessions: boolean; n: number } | undefined): HTMLElement {
  if (!t || t.insufficientSessions || !t.direction) {
    return h('span', { class: 'trend trend-none', title: 'Fewer than 3 calls: no trend yet' }, 'no trend yet');
  }
  const a = ARROWS[t.direction] ?? { sym: '', text: t.direction };
  return h('span', { class: `trend trend-${t.direction}`, title: `Trend over ${t.n} calls: ${a.text}` }, h('span', { 'aria-hidden': 'true' }, a.sym), ` ${a.text}`);
}

export function fmtDate(d: string | null | undefined): string {
  if (!d) return '–';
  const dt = new Date(`${d}T00:00:00`);
  return Number.isNaN(dt.getTime()) ? d : dt.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
}

export const INDICATOR_CAUTION =
  'These are indicators, not a score. They come from an exploratory study of 9 mentoring pairs and show patterns worth a look, not a judgement of a pair. Read them together, with the conversations behind them, and be careful with numbers marked "few cases".';
