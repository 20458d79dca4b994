import type { Role } from '@dyadic/domain';
import type { Queryable } from './pool.js';

export interface DyadRow {
  id: string;
  programId: string;
  key: string;
  label: string | null;
  speakerRoles: Record<string, Role>;
  archivedAt: string | null;
  createdAt: string;
}

const COLUMNS = `id, program_id as "programId", key, label, speaker_roles as "speakerRoles", archived_at as "archivedAt", created_at as "createdAt"`;

/** Find the program's dyad by its key, creating it when new. Safe under concurrent uploads. */
export async function findOrCreateDyad(db: Queryable, programId: string, key: string): Promise<DyadRow> {
  const { rows } = await db.query<DyadRow>(
    `insert into dyads (program_id, key) values ($1, $2)
     on conflict (program_id, key) do update set key = excluded.key
     returning ${COLUMNS}`,
    [programId, key],
  );
  return rows[0]!;
}

/** `programId` null = the caller may see every program. */
export async function getDyad(db: Queryable, id: string, programId: string | null): Promise<DyadRow | null> {
  const { rows } = await db.query<DyadRow>(
    `select ${COLUMNS} from dyads where id = $1 and ($2::uuid is null or program_id = $2)`,
    [id, programId],
  );
  return rows[0] ?? null;
}

export async function findDyadsByKey(db: Queryable, key: string, programId: string | null): Promise<DyadRow[]> {
  const { rows } = await db.query<DyadRow>(
    `select ${COLUMNS} from dyads where key = $1 and ($2::uuid is null or program_id = $2) order by created_at`,
    [key, programId],
  );
  return rows;
}

export async function listDyads(
  db: Queryable,
  opts: { programId: string | null; after?: string; limit: number },
): Promise<DyadRow[]> {
  const { rows } = await db.query<DyadRow>(
    `select ${COLUMNS} from dyads
     where ($1::uuid is null or program_id = $1) and ($2::text is null or key > $2)
     order by key limit $3`,
    [opts.programId, opts.after ?? null, opts.limit],
  );
  return rows;
}

/** Merge `roles` (speakerKey → role) into the dyad's remembered mapping. */
export async function rememberSpeakerRoles(db: Queryable, dyadId: string, roles: Record<string, Role>): Promise<void> {
  await db.query('update dyads set speaker_roles = speaker_roles || $2::jsonb where id = $1', [dyadId, JSON.stringify(roles)]);
}

export async function updateDyad(
  db: Queryable,
  id: string,
  programId: string | null,
  patch: { key?: string; label?: string | null; archived?: boolean; speakerRoles?: Record<string, Role> },
): Promise<DyadRow | null> {
  const { rows } = await db.query<DyadRow>(
    `update dyads set
       key = coalesce($3, key),
       label = case when $4::boolean then $5 else label end,
       archived_at = case when $6::boolean is null then archived_at when $6 then coalesce(archived_at, now()) else null end,
       speaker_roles = case when $7::jsonb is null then speaker_roles else $7::jsonb end,
       updated_at = now()
     where id = $1 and ($2::uuid is null or program_id = $2)
     returning ${COLUMNS}`,
    [
      id,
      programId,
      patch.key ?? null,
      patch.label !== undefined,
      patch.label ?? null,
      patch.archived ?? null,
      patch.speakerRoles ? JSON.stringify(patch.speakerRoles) : null,
    ],
  );
  return rows[0] ?? null;
}

export async function deleteDyad(db: Queryable, id: string): Promise<void> {
  await db.query('delete from dyads where id = $1', [id]);
}
