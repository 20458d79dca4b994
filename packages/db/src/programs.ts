import type { Queryable } from './pool.js';

export const DEFAULT_PROGRAM_SLUG = 'default';

export interface ProgramRow {
  id: string;
  slug: string;
  name: string;
}

/** The program uploads land in when no other is named; created by the first boot. */
export async function ensureDefaultProgram(db: Queryable): Promise<ProgramRow> {
  await db.query(
    `insert into programs (slug, name) values ($1, 'Default program') on conflict (slug) do nothing`,
    [DEFAULT_PROGRAM_SLUG],
  );
  const { rows } = await db.query<ProgramRow>('select id, slug, name from programs where slug = $1', [DEFAULT_PROGRAM_SLUG]);
  return rows[0]!;
}

export async function getProgramBySlug(db: Queryable, slug: string): Promise<ProgramRow | null> {
  const { rows } = await db.query<ProgramRow>('select id, slug, name from programs where slug = $1', [slug]);
  return rows[0] ?? null;
}

export interface ProgramDetail extends ProgramRow {
  settings: Record<string, unknown>;
  createdAt: string;
}

const P_COLUMNS = `id, slug, name, settings, created_at as "createdAt"`;

export async function listPrograms(db: Queryable, programId: string | null): Promise<ProgramDetail[]> {
  const { rows } = await db.query<ProgramDetail>(
    `select ${P_COLUMNS} from programs where ($1::uuid is null or id = $1) order by slug`,
    [programId],
  );
  return rows;
}

export async function getProgram(db: Queryable, id: string, programId: string | null): Promise<ProgramDetail | null> {
  const { rows } = await db.query<ProgramDetail>(`select ${P_COLUMNS} from programs where id = $1 and ($2::uuid is null or id = $2)`, [
    id,
    programId,
  ]);
  return rows[0] ?? null;
}

export async function createProgram(db: Queryable, p: { slug: string; name: string; settings?: Record<string, unknown> }): Promise<ProgramDetail | null> {
  const { rows } = await db.query<ProgramDetail>(
    `insert into programs (slug, name, settings) values ($1, $2, $3) on conflict (slug) do nothing returning ${P_COLUMNS}`,
    [p.slug, p.name, JSON.stringify(p.settings ?? {})],
  );
  return rows[0] ?? null;
}

export async function updateProgram(db: Queryable, id: string, p: { name?: string; settings?: Record<string, unknown> }): Promise<ProgramDetail | null> {
  const { rows } = await db.query<ProgramDetail>(
    `update programs set name = coalesce($2, name), settings = settings || coalesce($3::jsonb, '{}') where id = $1 returning ${P_COLUMNS}`,
    [id, p.name ?? null, p.settings ? JSON.stringify(p.settings) : null],
  );
  return rows[0] ?? null;
}

/** Dyad ids of a program, for recomputing stored metrics after a settings change. */
export async function programDyadIds(db: Queryable, programId: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>('select id from dyads where program_id = $1', [programId]);
  return rows.map((r) => r.id);
}
