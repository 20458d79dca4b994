import { api, session as me } from '../api.js';
import { append, clear, h, announce } from '../dom.js';
import { RESPONSE_LABELS, TAGS, fmtDate, type TagKey } from '../format.js';

interface Evidence { tag: string; start: number; end: number; rule: string }
interface Utterance {
  turn: number;
  speaker: string;
  role: 'mentor' | 'mentee' | 'other';
  text: string;
  tags: Record<TagKey, boolean>;
  detail: {
    sdType?: string;
    emotionTerms?: Array<{ term: string }>;
    adviceForm?: string;
    reciprocates?: { turn: number; lagTurns: number; topicMatch: string };
    mentorResponse?: { primary: string; turn: number | null; advice: boolean; reciprocated: boolean };
  };
  evidence: Evidence[];
}
interface UtteranceList { transcriptId: string; status: string; scope: 'all' | 'evidence'; utterances: Utterance[] }
interface Transcript { id: string; dyadId: string; dyadKey: string; sessionDate: string; filename: string; status: string; error?: string; utterances: number | null }

const TAG_BY_KEY = new Map<string, (typeof TAGS)[number]>(TAGS.map((t) => [t.key, t]));

/** Merge overlapping spans of one tag, clamped to the text. */
function merged(spans: Evidence[], len: number): Array<[number, number, string[]]> {
  const s = spans
    .map((e) => [Math.max(0, Math.min(len, e.start)), Math.max(0, Math.min(len, e.end)), e.rule] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number, string[]]> = [];
  for (const [a, b, rule] of s) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) {
      last[1] = Math.max(last[1], b);
      if (!last[2].includes(rule)) last[2].push(rule);
    } else out.push([a, b, [rule]]);
  }
  return out;
}

/**
 * The utterance text with every evidence span marked: a coloured <mark> (with a distinct underline per tag) and a text
 * label where each span starts, so the tag never depends on colour alone. Text goes in as text nodes only.
 */
export function highlighted(text: string, evidence: Evidence[]): HTMLElement {
  const byTag = new Map<string, Array<[number, number, string[]]>>();
  for (const t of TAGS) {
    const spans = merged(evidence.filter((e) => e.tag === t.key), text.length);
    if (spans.length) byTag.set(t.key, spans);
  }
  const cuts = new Set<number>([0, text.length]);
  for (const spans of byTag.values()) for (const [a, b] of spans) cuts.add(a).add(b);
  const points = [...cuts].sort((a, b) => a - b);
  const p = h('p', { class: 'utt-text' });
  for (let i = 0; i < points.length - 1; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    const covering: Array<{ key: string; rules: string[]; starts: boolean }> = [];
    for (const [key, spans] of byTag) {
      const s = spans.find(([x, y]) => x <= a && b <= y);
      if (s) covering.push({ key, rules: s[2], starts: s[0] === a });
    }
    for (const c of covering.filter((c) => c.starts)) {
      const t = TAG_BY_KEY.get(c.key)!;
      p.append(h('span', { class: `tag-label tag-${t.cls}`, 'data-tag': t.key, title: `${t.label}: rule ${c.rules.join(', ')}` }, t.badge));
    }
    const seg = text.slice(a, b);
    if (covering.length === 0) p.append(document.createTextNode(seg));
    else {
      const classes = covering.map((c) => `hl-${TAG_BY_KEY.get(c.key)!.cls}`).join(' ');
      const names = covering.map((c) => TAG_BY_KEY.get(c.key)!.label).join(', ');
      p.append(h('mark', { class: `hl ${classes}`, 'data-tags': covering.map((c) => c.key).join(' '), title: names }, seg));
    }
  }
  return p;
}

export async function sessionPage(main: HTMLElement, id: string, params: URLSearchParams): Promise<void> {
  const tag = params.get('tag') ?? '';
  const [t, list] = await Promise.all([
    api<Transcript>(`/transcripts/${id}`),
    api<UtteranceList>(`/transcripts/${id}/utterances${tag ? `?tag=${encodeURIComponent(tag)}` : ''}`),
  ]);
  document.title = `${t.dyadKey} ${t.sessionDate} · Dyadic`;
  const byTurn = new Map(list.utterances.map((u) => [u.turn, u]));
  const reciprocatedBy = new Map<number, number>();
  for (const u of list.utterances) if (u.detail.reciprocates && u.tags.reciprocatedDisclosure) reciprocatedBy.set(u.detail.reciprocates.turn, u.turn);

  const turnLink = (turn: number, text: string) => (byTurn.has(turn) ? h('a', { href: `#turn-${turn}`, class: 'turn-link' }, text) : h('span', {}, `${text} (not shown)`));

  const filter = h(
    'select',
    { id: 'tag-filter', name: 'tag' },
    h('option', { value: '' }, 'All turns'),
    TAGS.map((x) => h('option', { value: x.key, selected: x.key === tag }, `Only ${x.label.toLowerCase()}`)),
  );
  filter.addEventListener('change', () => {
    const qs = filter.value ? `?tag=${filter.value}` : '';
    history.pushState(null, '', `/ui/sessions/${id}${qs}`);
    void sessionPage(main, id, new URLSearchParams(qs)).then(() => {
      announce(`Showing ${main.querySelectorAll('.turn').length} turns`);
      document.getElementById('tag-filter')?.focus();
    });
  });

  const turns = list.utterances.map((u) => {
    const tags = TAGS.filter((x) => u.tags[x.key]);
    const links: HTMLElement[] = [];
    const mr = u.detail.mentorResponse;
    if (u.role === 'mentee' && u.tags.selfDisclosure && mr) {
      links.push(
        h('li', {}, 'Mentor’s answer: ', mr.turn !== null && mr.turn !== undefined ? turnLink(mr.turn, `turn ${mr.turn + 1}`) : 'none', ` – ${RESPONSE_LABELS[mr.primary] ?? mr.primary}${mr.advice && mr.primary !== 'advice' ? ', with advice' : ''}`),
      );
      const rec = reciprocatedBy.get(u.turn);
      if (rec !== undefined) links.push(h('li', {}, 'Shared back in ', turnLink(rec, `turn ${rec + 1}`)));
    }
    if (u.detail.reciprocates && u.tags.reciprocatedDisclosure) {
      links.push(h('li', {}, 'Shares back after ', turnLink(u.detail.reciprocates.turn, `turn ${u.detail.reciprocates.turn + 1}`)));
    }
    return h(
      'article',
      { class: `turn role-${u.role}`, id: `turn-${u.turn}`, tabindex: '-1', 'aria-labelledby': `turn-${u.turn}-h` },
      h(
        'h3',
        { class: 'turn-head', id: `turn-${u.turn}-h` },
        h('span', { class: 'turn-no' }, `Turn ${u.turn + 1}`),
        ' ',
        h('span', { class: 'speaker' }, u.speaker),
        h('span', { class: 'role' }, ` (${u.role})`),
        tags.map((x) => h('span', { class: `badge tag-${x.cls}` }, x.badge)),
      ),
      highlighted(u.text, u.evidence),
      links.length ? h('ul', { class: 'links' }, links) : null,
    );
  });

  clear(main);
  append(main, [
    h('nav', { 'aria-label': 'Breadcrumb', class: 'crumbs' }, h('a', { href: '/ui/' }, 'Overview'), ' › ', h('a', { href: `/ui/dyads/${t.dyadId}` }, t.dyadKey), ' › ', fmtDate(t.sessionDate)),
    h('h1', {}, `Call of ${fmtDate(t.sessionDate)}`, h('span', { class: 'muted' }, ` – pair ${t.dyadKey}`)),
    h('p', { class: 'muted' }, `File ${t.filename} · status ${t.status}${t.utterances !== null ? ` · ${t.utterances} turns` : ''}`),
    t.error ? h('p', { class: 'error', role: 'alert' }, `Processing failed: ${t.error}`) : null,
    list.scope === 'evidence'
      ? h('p', { class: 'note' }, `You see the turns behind the numbers (tagged turns and the mentor’s answers), not the whole conversation${me.get()?.role === 'staff' ? ': staff accounts do not read whole transcripts' : ''}.`)
      : null,
    h(
      'div',
      { class: 'tag-key', 'aria-label': 'Tag key' },
      h('span', {}, 'Key: '),
      TAGS.map((x) => h('span', { class: `key-item` }, h('span', { class: `badge tag-${x.cls}` }, x.badge), h('mark', { class: `hl hl-${x.cls}` }, x.label))),
    ),
    h('div', { class: 'filters' }, h('div', { class: 'field' }, h('label', { for: 'tag-filter' }, 'Show'), filter)),
    h('section', { 'aria-label': 'Transcript', class: 'transcript' }, turns.length ? turns : h('p', {}, 'No turn has this tag.')),
  ]);
  if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
}
