import { api, type Ratio } from '../api.js';
import { announce, clear, debounce, h } from '../dom.js';
import { METRICS, fmtCount, fmtDate, fmtValue, trendChip, INDICATOR_CAUTION } from '../format.js';

interface Program { id: string; name: string; slug: string }
interface Item {
  id: string;
  key: string;
  label: string | null;
  archived: boolean;
  sessions: number;
  processedSessions: number;
  lastSessionDate: string | null;
  latest: Record<string, any> | null;
  trends: Record<string, { slope: number | null; direction: string | null; insufficientSessions: boolean; n: number; points?: Array<{ value: number | null } | number | null> }>;
  alerts: Array<{ code: string; severity: string; message: string }>;
}

const SORTS: Array<{ value: string; label: string }> = [
  { value: 'key', label: 'Pair name' },
  { value: 'lastSessionDate', label: 'Latest call' },
  { value: 'sessions', label: 'Number of calls' },
  { value: 'alerts', label: 'Alerts' },
  { value: 'sdRate', label: 'Self-disclosure' },
  { value: 'emotionShare', label: 'Emotion share' },
  { value: 'adviceAfterDisclosureRate', label: 'Advice after sharing' },
  { value: 'reciprocationRate', label: 'Reciprocation' },
  { value: 'sdSlope', label: 'Self-disclosure trend' },
  { value: 'reciprocationSlope', label: 'Reciprocation trend' },
];
const COLUMN_SORT: Record<string, string> = {
  'sdRatePer100.dyad': 'sdRate',
  'emotionSdShare.dyad': 'emotionShare',
  adviceAfterDisclosureRate: 'adviceAfterDisclosureRate',
  reciprocationRate: 'reciprocationRate',
};

/** Alerts folded: the count and kinds in the summary, the plain-language messages on opening. */
function alertList(alerts: Item['alerts']): HTMLElement {
  const warnings = alerts.filter((a) => a.severity === 'warning').length;
  const notes = alerts.length - warnings;
  const parts = [warnings ? `${warnings} warning${warnings === 1 ? '' : 's'}` : '', notes ? `${notes} note${notes === 1 ? '' : 's'}` : ''].filter(Boolean);
  return h(
    'details',
    { class: 'alert-details' },
    h('summary', { class: warnings ? 'has-warning' : '' }, parts.join(', ')),
    h('ul', { class: 'plain' }, alerts.map((a) => h('li', { class: `alert-${a.severity}` }, h('span', { class: 'sev' }, a.severity === 'warning' ? 'Warning: ' : 'Note: '), a.message))),
  );
}

const SVG = 'http://www.w3.org/2000/svg';

/**
 * A tiny trend line when the overview carries per-session points (`trends[k].points`, numbers or {value}); without
 * them nothing is drawn and the direction chip alone tells the trend. Decorative: the chip says the same in words.
 */
function sparkline(points: Array<{ value: number | null } | number | null> | undefined, per100: boolean): SVGElement | null {
  const ys = (points ?? []).map((p) => (typeof p === 'number' ? p : p && typeof p === 'object' ? p.value : null));
  const vals = ys.filter((v): v is number => typeof v === 'number');
  if (vals.length < 2) return null;
  const w = 72;
  const hgt = 20;
  const max = Math.max(per100 ? 1 : 0.01, ...vals);
  const min = Math.min(0, ...vals);
  const step = w / Math.max(1, ys.length - 1);
  const coords = ys.flatMap((v, i) => (v === null ? [] : [`${(i * step).toFixed(1)},${(hgt - 2 - ((v - min) / (max - min || 1)) * (hgt - 4)).toFixed(1)}`]));
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('width', String(w));
  svg.setAttribute('height', String(hgt));
  svg.setAttribute('viewBox', `0 0 ${w} ${hgt}`);
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', 'spark');
  const line = document.createElementNS(SVG, 'polyline');
  line.setAttribute('points', coords.join(' '));
  line.setAttribute('fill', 'none');
  line.setAttribute('stroke', '#1d4ed8');
  line.setAttribute('stroke-width', '1.5');
  svg.append(line);
  return svg;
}

export async function overviewPage(main: HTMLElement, params: URLSearchParams): Promise<void> {
  const programs = (await api<{ items: Program[] }>('/programs')).items;
  const state = {
    program: params.get('program') ?? programs[0]?.id ?? '',
    sort: params.get('sort') ?? 'key',
    order: params.get('order') ?? 'asc',
    q: params.get('q') ?? '',
    alertsOnly: params.get('hasAlerts') === 'true',
    archived: params.get('archived') === 'true',
  };

  const tbody = h('tbody');
  const status = h('p', { class: 'muted', role: 'status' });
  const more = h('button', { type: 'button', class: 'btn', hidden: true }, 'Show more pairs');
  let cursor: string | null = null;
  let seq = 0;

  const headerCells: HTMLElement[] = [];
  const sortHeader = (label: string, sort: string | null) => {
    if (!sort) return h('th', { scope: 'col' }, label);
    const btn = h('button', { type: 'button', class: 'sort', 'data-sort': sort }, label);
    const th = h('th', { scope: 'col', 'data-sort': sort }, btn);
    btn.addEventListener('click', () => {
      if (state.sort === sort) state.order = state.order === 'asc' ? 'desc' : 'asc';
      else {
        state.sort = sort;
        state.order = sort === 'key' ? 'asc' : 'desc';
      }
      sortSel.value = state.sort;
      orderSel.value = state.order;
      void reload();
    });
    headerCells.push(th);
    return th;
  };

  const search = h('input', { type: 'search', id: 'ov-q', name: 'q', value: state.q, autocomplete: 'off', placeholder: 'e.g. dyad-07' });
  const sortSel = h('select', { id: 'ov-sort', name: 'sort' }, SORTS.map((s) => h('option', { value: s.value, selected: s.value === state.sort }, s.label)));
  const orderSel = h('select', { id: 'ov-order', name: 'order' }, h('option', { value: 'asc', selected: state.order === 'asc' }, 'Low to high / A–Z'), h('option', { value: 'desc', selected: state.order === 'desc' }, 'High to low / Z–A'));
  const alertsBox = h('input', { type: 'checkbox', id: 'ov-alerts', name: 'hasAlerts', checked: state.alertsOnly });
  const archivedBox = h('input', { type: 'checkbox', id: 'ov-archived', name: 'archived', checked: state.archived });
  const programSel =
    programs.length > 1
      ? h('select', { id: 'ov-program', name: 'program' }, programs.map((p) => h('option', { value: p.id, selected: p.id === state.program }, p.name)))
      : null;

  const table = h(
    'table',
    { class: 'data overview' },
    h('caption', { class: 'visually-hidden' }, 'Mentoring pairs with their latest indicators, trends and alerts'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        sortHeader('Pair', 'key'),
        sortHeader('Calls', 'sessions'),
        sortHeader('Latest call', 'lastSessionDate'),
        METRICS.map((m) => sortHeader(m.short, COLUMN_SORT[m.key] ?? null)),
        sortHeader('Alerts', 'alerts'),
      ),
    ),
    tbody,
  );

  clear(main);
  main.append(
    h('h1', {}, 'Program overview'),
    h('p', { class: 'caution' }, INDICATOR_CAUTION),
    h(
      'form',
      { class: 'filters', role: 'search', onsubmit: (e: Event) => e.preventDefault() },
      programSel && h('div', { class: 'field' }, h('label', { for: 'ov-program' }, 'Program'), programSel),
      h('div', { class: 'field' }, h('label', { for: 'ov-q' }, 'Search pairs'), search),
      h('div', { class: 'field' }, h('label', { for: 'ov-sort' }, 'Sort by'), sortSel),
      h('div', { class: 'field' }, h('label', { for: 'ov-order' }, 'Order'), orderSel),
      h('div', { class: 'field check' }, alertsBox, h('label', { for: 'ov-alerts' }, 'Only pairs with alerts')),
      h('div', { class: 'field check' }, archivedBox, h('label', { for: 'ov-archived' }, 'Show archived pairs')),
    ),
    status,
    h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Pairs table' }, table),
    more,
  );

  const row = (it: Item) => {
    const latest = it.latest ?? {};
    return h(
      'tr',
      { 'data-dyad': it.key },
      h('th', { scope: 'row' }, h('a', { href: `/ui/dyads/${it.id}` }, it.key), it.label ? h('div', { class: 'muted small' }, it.label) : null, it.archived ? h('span', { class: 'pill' }, 'archived') : null),
      h('td', { class: 'num' }, `${it.processedSessions}`, it.sessions !== it.processedSessions ? h('span', { class: 'muted small' }, ` (${it.sessions - it.processedSessions} waiting)`) : null),
      h('td', {}, fmtDate(it.lastSessionDate)),
      METRICS.map((m) => {
        const r = m.pick(latest) as Ratio | undefined;
        return h(
          'td',
          { class: 'metric' },
          h('span', { class: 'value' }, fmtValue(r, m.per100)),
          r ? h('span', { class: 'muted small' }, ` (${fmtCount(r)})`) : null,
          r?.lowCount ? h('span', { class: 'pill low', title: 'Fewer than 5 cases: do not compare' }, 'few cases') : null,
          h('div', {}, sparkline(it.trends[m.key]?.points, m.per100), trendChip(it.trends[m.key])),
        );
      }),
      h(
        'td',
        { class: 'alerts' },
        it.alerts.length === 0 ? h('span', { class: 'muted' }, 'none') : alertList(it.alerts),
      ),
    );
  };

  async function page(first: boolean) {
    const my = ++seq;
    const qs = new URLSearchParams({ sort: state.sort, order: state.order, limit: '100' });
    if (state.q.trim()) qs.set('q', state.q.trim());
    if (state.alertsOnly) qs.set('hasAlerts', 'true');
    if (state.archived) qs.set('archived', 'true');
    if (!first && cursor) qs.set('cursor', cursor);
    status.textContent = 'Loading…';
    const res = await api<{ items: Item[]; nextCursor: string | null }>(`/programs/${state.program}/overview?${qs}`);
    if (my !== seq) return;
    if (first) clear(tbody);
    const frag = document.createDocumentFragment();
    for (const it of res.items) frag.append(row(it));
    tbody.append(frag);
    cursor = res.nextCursor;
    more.hidden = !cursor;
    const shown = tbody.children.length;
    status.textContent = shown === 0 ? 'No pairs match.' : `${shown} pair${shown === 1 ? '' : 's'} shown${cursor ? ' (more available)' : ''}.`;
    announce(status.textContent);
    for (const th of headerCells) th.setAttribute('aria-sort', th.dataset.sort === state.sort ? (state.order === 'asc' ? 'ascending' : 'descending') : 'none');
  }

  async function reload() {
    const qs = new URLSearchParams();
    if (state.program && programs.length > 1) qs.set('program', state.program);
    if (state.sort !== 'key') qs.set('sort', state.sort);
    if (state.order !== 'asc') qs.set('order', state.order);
    if (state.q) qs.set('q', state.q);
    if (state.alertsOnly) qs.set('hasAlerts', 'true');
    if (state.archived) qs.set('archived', 'true');
    history.replaceState(null, '', `/ui/${qs.size ? `?${qs}` : ''}`);
    cursor = null;
    await page(true);
  }

  search.addEventListener('input', debounce(() => { state.q = search.value; void reload(); }, 250));
  sortSel.addEventListener('change', () => { state.sort = sortSel.value; void reload(); });
  orderSel.addEventListener('change', () => { state.order = orderSel.value; void reload(); });
  alertsBox.addEventListener('change', () => { state.alertsOnly = alertsBox.checked; void reload(); });
  archivedBox.addEventListener('change', () => { state.archived = archivedBox.checked; void reload(); });
  programSel?.addEventListener('change', () => { state.program = programSel.value; void reload(); });
  more.addEventListener('click', () => void page(false));

  if (!state.program) {
    status.textContent = 'You have no program yet.';
    return;
  }
  await page(true);
}
