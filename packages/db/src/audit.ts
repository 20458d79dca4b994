import type { Queryable } from './pool.js';

export interface AuditEntry {
  apiKeyId: string | null;
  programId: string | null;
  action: string;
  objectType: string;
  objectId?: string | null;
  /** Counts and kinds only, never transcript content. */
  detail?: Record<string, unknown>;
}

export async function audit(db: Queryable, e: AuditEntry): Promise<void> {
  await db.query(
    'insert into audit_log (api_key_id, program_id, action, object_type, object_id, detail) values ($1, $2, $3, $4, $5, $6)',
    [e.apiKeyId, e.programId, e.action, e.objectType, e.objectId ?? null, JSON.stringify(e.detail ?? {})],
  );
}

export interface AuditRow extends Required<AuditEntry> {
  id: string;
  at: string;
}

export async function listAudit(db: Queryable, q: { programId: string | null; before?: string; limit: number }): Promise<AuditRow[]> {
  const { rows } = await db.query<AuditRow>(
    `select id::text, at, api_key_id as "apiKeyId", program_id as "programId", action, object_type as "objectType",
       object_id as "objectId", detail
     from audit_log where ($1::uuid is null or program_id = $1) and ($2::bigint is null or id < $2)
     order by id desc limit $3`,
    [q.programId, q.before ?? null, q.limit],
  );
  return rows;
}
