import type { Queryable } from './pool.js';

export const OVERVIEW_SORTS = {
  key: { expr: 'd.key', kind: 'text' },
  lastSessionDate: { expr: 'm.last_session_date', kind: 'date' },
  sessions: { expr: 'm.session_count', kind: 'number' },
  sdRate: { expr: 'm.sd_rate', kind: 'number' },
  emotionShare: { expr: 'm.emotion_share', kind: 'number' },
  adviceAfterDisclosureRate: { expr: 'm.advice_after_rate', kind: 'number' },
  reciprocationRate: { expr: 'm.reciprocation_rate', kind: 'number' },
  sdSlope: { expr: 'm.sd_slope', kind: 'number' },
  reciprocationSlope: { expr: 'm.reciprocation_slope', kind: 'number' },
  alerts: { expr: 'm.alert_count', kind: 'number' },
} as const;
export type OverviewSort = keyof typeof OVERVIEW_SORTS;

export interface OverviewQuery {
  programId: string;
  sort: OverviewSort;
  order: 'asc' | 'desc';
  limit: number;
  /** Case-insensitive substring of the dyad key or label. */
  search?: string;
  archived?: boolean;
  /** Only dyads with (true) / without (false) session-based alerts, or with the given alert code. */
  hasAlerts?: boolean;
  alert?: string;
  /** Dyads whose last session is before this date (ISO): the "no session in N weeks" filter. */
  lastSessionBefore?: string;
  /** Opaque keyset cursor from the previous page. */
  after?: { v: string; id: string };
}

export interface OverviewRow {
  id: string;
  key: string;
  label: string | null;
  archivedAt: string | null;
  sessionCount: number | null;
  processedCount: number | null;
  lastSessionDate: string | null;
  latest: Record<string, unknown> | null;
  trends: Record<string, { slope: number | null; direction: string | null; insufficientSessions: boolean; n: number }> | null;
  alerts: Array<Record<string, unknown>> | null;
  sortValue: string;
}

// Nulls sort last in both directions: replace them by a sentinel beyond every real value.
function sortExpr(sort: OverviewSort, order: 'asc' | 'desc'): string {
  const { expr, kind } = OVERVIEW_SORTS[sort];
  if (kind === 'text') return expr;
  if (kind === 'date') return `coalesce(${expr}, '${order === 'asc' ? '9999-12-31' : '0001-01-01'}'::date)`;
  return `coalesce(${expr}::float8, ${order === 'asc' ? "'Infinity'" : "'-Infinity'"}::float8)`;
}

/**
 * One page of a program's dyads with their stored metrics, in a stable keyset order (sort value, then id): pages
 * neither repeat nor skip rows when dyads are added between requests. All values are parameters; only the sort
 * column comes from the fixed list above.
 */
export async function programOverview(db: Queryable, q: OverviewQuery): Promise<OverviewRow[]> {
  const key = sortExpr(q.sort, q.order);
  const cmp = q.order === 'asc' ? '>' : '<';
  const params: unknown[] = [q.programId];
  const where: string[] = ['d.program_id = $1'];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (q.search) where.push(`(d.key ilike ${p(`%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)} or d.label ilike $${params.length})`);
  if (q.archived !== undefined) where.push(q.archived ? 'd.archived_at is not null' : 'd.archived_at is null');
  if (q.hasAlerts !== undefined) where.push(q.hasAlerts ? 'coalesce(m.alert_count, 0) > 0' : 'coalesce(m.alert_count, 0) = 0');
  if (q.alert) where.push(`m.alert_codes @> array[${p(q.alert)}::text]`);
  if (q.lastSessionBefore) where.push(`m.last_session_date < ${p(q.lastSessionBefore)}::date`);
  if (q.after) {
    const kind = OVERVIEW_SORTS[q.sort].kind;
    const cast = kind === 'text' ? 'text' : kind === 'date' ? 'date' : 'float8';
    where.push(`(${key}, d.id) ${cmp} (${p(q.after.v)}::${cast}, ${p(q.after.id)}::uuid)`);
  }
  // Sort and cut the page on the narrow columns first, then read the page's JSON: the cost of a page does not grow
  // with the JSON of every dyad in the program.
  const { rows } = await db.query<OverviewRow>(
    `with page as (
       select d.id, (${key})::text as sort_value, ${key} as sort_key
       from dyads d left join dyad_metrics m on m.dyad_id = d.id
       where ${where.join(' and ')}
       order by ${key} ${q.order}, d.id ${q.order}
       limit ${p(q.limit)})
     select d.id, d.key, d.label, d.archived_at as "archivedAt", m.session_count as "sessionCount",
       m.processed_count as "processedCount", m.last_session_date as "lastSessionDate", x.latest,
       x.trend_brief as trends, x.alerts, page.sort_value as "sortValue"
     from page join dyads d on d.id = page.id left join dyad_metrics m on m.dyad_id = d.id
       left join dyad_metrics_detail x on x.dyad_id = d.id
     order by page.sort_key ${q.order}, d.id ${q.order}`,
    params,
  );
  return rows;
}
