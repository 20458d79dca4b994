import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DomainError } from '@dyadic/domain';
import { audit, getDyad, getProgram, getProgramBySlug, ensureDefaultProgram, type AuditEntry, type DyadRow, type ProgramDetail } from '@dyadic/db';

/** The caller's program scope: null = every program (the bootstrap admin). */
export function scopeOf(request: FastifyRequest): string | null {
  return request.apiKey!.programId;
}

export function notFound(what: string): DomainError {
  return new DomainError(`${what} not found`, 404, 'not-found');
}

/** A program the caller may see, else 404 (never 403: other programs' ids are not confirmed to exist). */
export async function programInScope(app: FastifyInstance, request: FastifyRequest, id: string): Promise<ProgramDetail> {
  const p = await getProgram(app.pool, id, scopeOf(request));
  if (!p) throw notFound('program');
  return p;
}

export async function dyadInScope(app: FastifyInstance, request: FastifyRequest, id: string): Promise<DyadRow> {
  const d = await getDyad(app.pool, id, scopeOf(request));
  if (!d) throw notFound('dyad');
  return d;
}

/** Program a new object goes to: the key's program, else the named one (by id or slug), else the default program. */
export async function targetProgram(app: FastifyInstance, request: FastifyRequest, named?: string): Promise<string> {
  const scope = scopeOf(request);
  if (scope) {
    if (named && named !== scope) {
      const p = await getProgramBySlug(app.pool, named);
      if (!p || p.id !== scope) throw notFound('program');
    }
    return scope;
  }
  if (!named) return (await ensureDefaultProgram(app.pool)).id;
  const p = /^[0-9a-f-]{36}$/i.test(named) ? await getProgram(app.pool, named, null) : await getProgramBySlug(app.pool, named);
  if (!p) throw notFound('program');
  return p.id;
}

export function auditFor(request: FastifyRequest, e: Omit<AuditEntry, 'apiKeyId'>): AuditEntry {
  return { apiKeyId: request.apiKey?.id ?? null, ...e };
}

export async function record(app: FastifyInstance, request: FastifyRequest, e: Omit<AuditEntry, 'apiKeyId'>): Promise<void> {
  await audit(app.pool, auditFor(request, e));
}

export const iso = (v: string | Date | null): string | null => (v === null ? null : new Date(v).toISOString());

export function encodeCursor(v: unknown): string {
  return Buffer.from(JSON.stringify(v), 'utf8').toString('base64url');
}

export function decodeCursor<T>(cursor: string | undefined, check: (v: unknown) => v is T): T | undefined {
  if (!cursor) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (check(v)) return v;
  } catch {
    // fall through
  }
  throw new DomainError('cursor is not valid (pass the nextCursor of a previous page unchanged)', 400, 'invalid-cursor', { field: 'cursor' });
}
