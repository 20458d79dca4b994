import uPlot from 'uplot';
import { api, type Ratio } from '../api.js';
import { append, clear, h } from '../dom.js';
import { METRICS, RESPONSE_LABELS, fmtCi, fmtCount, fmtDate, fmtValue, trendChip, INDICATOR_CAUTION, type MetricDef } from '../format.js';

interface SessionRow {
  transcriptId: string;
  sessionDate: string;
  status: string;
  filename: string;
  metrics: { counts: Record<string, any>; rates: Record<string, any> } | null;
}
interface DyadMetrics {
  dyad: { id: string; key: string; label: string | null; archived: boolean };
  sessions: SessionRow[];
  summary: { pooledCounts?: Record<string, any>; pooled?: Record<string, any>; sessions?: number };
  trends: Record<string, { direction: string | null; insufficientSessions: boolean; n: number; slope: number | null }>;
  alerts: Array<{ code: string; severity: string; message: string }>;
}

const charts: uPlot[] = [];
let resizeBound = false;

function chart(container: HTMLElement, m: MetricDef, sessions: SessionRow[]): void {
  const done = sessions.filter((s) => s.metrics);
  const xs = done.map((_, i) => i);
  const ratios = done.map((s) => m.pick(s.metrics!.rates) as Ratio | undefined);
  const scale = m.per100 ? 1 : 100; // shares are drawn as percentages
  const val = (r: Ratio | undefined) => (r && r.value !== null ? r.value * scale : null);
  const ys = ratios.map(val);
  const lo = ratios.map((r) => (r?.ci95 ? r.ci95[0] * scale : null));
  const hi = ratios.map((r) => (r?.ci95 ? r.ci95[1] * scale : null));
  const low = ratios.map((r) => (r && r.lowCount && r.value !== null ? r.value * scale : null));
  const labels = done.map((s) => fmtDate(s.sessionDate));
  const width = Math.max(280, Math.min(container.clientWidth || 560, 720));
  const opts: uPlot.Options = {
    width,
    height: 220,
    title: undefined,
    scales: { x: { time: false, range: (_u, min, max) => [min - 0.3, max + 0.3] }, y: { range: (_u, _min, max) => [0, Math.max(m.per100 ? 10 : 100, Math.ceil((max ?? 0) * 1.1))] } },
    axes: [
      { values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? (labels[v] ?? '') : '')), incrs: [1], stroke: '#1f2937', grid: { stroke: '#e5e7eb' } },
      { label: m.per100 ? 'per 100 turns' : '%', stroke: '#1f2937', grid: { stroke: '#e5e7eb' } },
    ],
    legend: { show: false },
    cursor: { show: true, drag: { x: false, y: false } },
    series: [
      {},
      { label: 'upper 95 %', stroke: 'transparent', points: { show: false } },
      { label: 'lower 95 %', stroke: 'transparent', points: { show: false } },
      { label: m.short, stroke: '#1d4ed8', width: 2, points: { show: true, size: 8, fill: '#1d4ed8' } },
      { label: 'few cases', stroke: 'transparent', points: { show: true, size: 14, width: 2, stroke: '#b45309', fill: '#ffffff' }, paths: () => null },
    ],
    bands: [{ series: [1, 2], fill: 'rgba(29, 78, 216, 0.14)' }],
  };
  const data = [xs, hi, lo, ys, low] as uPlot.AlignedData;
  charts.push(new uPlot(opts, data, container));
}

function dataTable(m: MetricDef, sessions: SessionRow[]): HTMLElement {
  return h(
    'details',
    { class: 'numbers' },
    h('summary', {}, `Show the numbers behind "${m.title}"`),
    h(
      'table',
      { class: 'data compact' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Call'), h('th', { scope: 'col' }, 'Value'), h('th', { scope: 'col' }, 'Count'), h('th', { scope: 'col' }, 'Likely range (95 %)'))),
      h(
        'tbody',
        {},
        sessions
          .filter((s) => s.metrics)
          .map((s) => {
            const r = m.pick(s.metrics!.rates) as Ratio | undefined;
            return h(
              'tr',
              {},
              h('th', { scope: 'row' }, h('a', { href: `/ui/sessions/${s.transcriptId}` }, fmtDate(s.sessionDate))),
              h('td', {}, fmtValue(r, m.per100), r?.lowCount ? h('span', { class: 'pill low' }, 'few cases') : null),
              h('td', {}, fmtCount(r)),
              h('td', {}, fmtCi(r, m.per100)),
            );
          }),
      ),
    ),
  );
}

export async function dyadPage(main: HTMLElement, id: string): Promise<void> {
  for (const c of charts.splice(0)) c.destroy();
  const d = await api<DyadMetrics>(`/dyads/${id}/metrics`);
  const pooledCounts = d.summary.pooledCounts ?? {};
  const responses: Record<string, number> = pooledCounts.mentorResponses ?? {};
  const menteeDisclosures: number = pooledCounts.menteeDisclosures ?? Object.values(responses).reduce((a, b) => a + b, 0);
  const processed = d.sessions.filter((s) => s.metrics);

  clear(main);
  document.title = `${d.dyad.key} · Dyadic`;
  const chartBoxes: Array<[HTMLElement, MetricDef]> = [];
  append(main, [
    h('nav', { 'aria-label': 'Breadcrumb', class: 'crumbs' }, h('a', { href: '/ui/' }, 'Overview'), ' › ', d.dyad.key),
    h('h1', {}, `Pair ${d.dyad.key}`, d.dyad.label ? h('span', { class: 'muted' }, ` – ${d.dyad.label}`) : null),
    h('p', { class: 'caution' }, INDICATOR_CAUTION),
    d.alerts.length
      ? h('section', { 'aria-labelledby': 'alerts-h', class: 'alerts-box' }, h('h2', { id: 'alerts-h' }, 'Alerts'), h('ul', {}, d.alerts.map((a) => h('li', { class: `alert-${a.severity}` }, h('strong', {}, a.severity === 'warning' ? 'Warning: ' : 'Note: '), a.message))))
      : null,
    h(
      'section',
      { 'aria-labelledby': 'trends-h' },
      h('h2', { id: 'trends-h' }, 'How the indicators changed over the calls'),
      processed.length === 0
        ? h('p', {}, 'No call has been processed yet.')
        : h(
            'div',
            { class: 'chart-grid' },
            METRICS.map((m) => {
              const box = h('div', { class: 'chart', role: 'img', 'aria-label': `${m.title}: chart of ${processed.length} calls. The numbers are in the table below the chart.` });
              chartBoxes.push([box, m]);
              const last = processed[processed.length - 1];
              const lastR = last ? (m.pick(last.metrics!.rates) as Ratio | undefined) : undefined;
              return h(
                'article',
                { class: 'card metric-card', 'data-metric': m.key },
                h('h3', {}, m.title, ' ', trendChip(d.trends[m.key])),
                h('p', { class: 'latest' }, 'Latest call: ', h('strong', {}, fmtValue(lastR, m.per100)), lastR ? ` (${fmtCount(lastR)})` : null),
                box,
                h('p', { class: 'legend small' }, h('span', { class: 'key-line', 'aria-hidden': 'true' }), ' value per call  ', h('span', { class: 'key-band', 'aria-hidden': 'true' }), ' likely range (95 %)  ', h('span', { class: 'key-low', 'aria-hidden': 'true' }), ' few cases (under 5): read with care'),
                h('p', {}, h('strong', {}, 'What it is: '), m.what),
                h('p', {}, h('strong', {}, 'What the study found: '), m.found),
                dataTable(m, d.sessions),
              );
            }),
          ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'resp-h' },
      h('h2', { id: 'resp-h' }, 'How the mentor answered when the mentee shared'),
      menteeDisclosures === 0
        ? h('p', {}, 'The mentee has not shared anything about themselves in a processed call yet.')
        : h(
            'table',
            { class: 'data responses' },
            h('caption', {}, `All ${menteeDisclosures} times the mentee shared something about themselves, over ${processed.length} calls`),
            h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'The mentor…'), h('th', { scope: 'col' }, 'Times'), h('th', { scope: 'col' }, 'Share'))),
            h(
              'tbody',
              {},
              Object.keys(RESPONSE_LABELS).map((k) => {
                const n = responses[k] ?? 0;
                const pct = menteeDisclosures ? Math.round((100 * n) / menteeDisclosures) : 0;
                return h('tr', {}, h('th', { scope: 'row' }, RESPONSE_LABELS[k] ?? k), h('td', { class: 'num' }, `${n}`), h('td', {}, h('span', { class: 'bar', style: `width:${pct}%`, 'aria-hidden': 'true' }), ` ${pct} %`));
              }),
            ),
          ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'sess-h' },
      h('h2', { id: 'sess-h' }, 'Calls'),
      h(
        'table',
        { class: 'data sessions' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Date'), h('th', { scope: 'col' }, 'File'), h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col' }, 'Mentee shared'), h('th', { scope: 'col' }, 'Mentor shared back'))),
        h(
          'tbody',
          {},
          d.sessions.map((s) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, s.status === 'done' ? h('a', { href: `/ui/sessions/${s.transcriptId}` }, fmtDate(s.sessionDate)) : fmtDate(s.sessionDate)),
              h('td', {}, s.filename),
              h('td', {}, h('span', { class: `status status-${s.status}` }, s.status)),
              h('td', { class: 'num' }, s.metrics ? `${s.metrics.counts.menteeDisclosures ?? 0}` : '–'),
              h('td', {}, s.metrics ? fmtCount(s.metrics.rates.reciprocationRate as Ratio) : '–'),
            ),
          ),
        ),
      ),
    ),
  ]);
  for (const [box, m] of chartBoxes) chart(box, m, d.sessions);
  if (!resizeBound) {
    resizeBound = true;
    window.addEventListener('resize', () => {
      for (const c of charts) {
        const w = c.root.parentElement?.clientWidth;
        if (w) c.setSize({ width: Math.max(280, Math.min(w, 720)), height: 220 });
      }
    });
  }
}
