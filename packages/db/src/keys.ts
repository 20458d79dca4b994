import { randomBytes, scrypt, timingSafeEqual, createHash } from 'node:crypto';
import type { Queryable } from './pool.js';

export type KeyRole = 'admin' | 'researcher' | 'staff' | 'integration';

export interface ApiKeyRow {
  id: string;
  programId: string | null;
  role: KeyRole;
  name: string;
}

// scrypt parameters: N=2^14, r=8, p=1 (~40 ms, 16 MiB). The API caches verified keys, so the cost is paid once
// per key and process, not per request.
const N = 16384;
const KEYLEN = 32;

function scryptAsync(secret: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, KEYLEN, { N, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** A new key: `dyk_<8-char public prefix>_<43-char secret>`. */
export function generateKey(): { key: string; prefix: string } {
  const prefix = randomBytes(6).toString('base64url');
  return { key: `dyk_${prefix}_${randomBytes(32).toString('base64url')}`, prefix };
}

export function keyPrefix(key: string): string | null {
  const m = /^dyk_([A-Za-z0-9_-]{8})_[A-Za-z0-9_-]{16,}$/.exec(key);
  return m ? m[1]! : null;
}

export async function hashKey(key: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(key, salt);
  return `scrypt$${N}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyKey(key: string, stored: string): Promise<boolean> {
  const [scheme, n, saltB64, hashB64] = stored.split('$');
  if (scheme !== 'scrypt' || Number(n) !== N || !saltB64 || !hashB64) return false;
  const expected = Buffer.from(hashB64, 'base64');
  const actual = await scryptAsync(key, Buffer.from(saltB64, 'base64'));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Used only as an in-memory cache key for verified keys; never stored. */
export function keyFingerprint(key: string): string {
  return createHash('sha256').update(key).digest('base64url');
}

export async function insertApiKey(
  db: Queryable,
  input: { programId: string | null; role: KeyRole; name: string; key?: string },
): Promise<{ id: string; key: string }> {
  let key = input.key;
  let prefix: string | null;
  if (key) {
    prefix = keyPrefix(key);
    // A bootstrap key chosen by the operator need not have our shape: derive a stable prefix from it.
    if (!prefix) prefix = createHash('sha256').update(key).digest('base64url').slice(0, 8);
  } else {
    ({ key, prefix } = generateKey());
  }
  const { rows } = await db.query<{ id: string }>(
    'insert into api_keys (program_id, role, name, prefix, key_hash) values ($1, $2, $3, $4, $5) returning id',
    [input.programId, input.role, input.name, prefix, await hashKey(key)],
  );
  return { id: rows[0]!.id, key };
}

/** Find and verify a presented key. Returns null for unknown, revoked or wrong keys. */
export async function authenticateKey(db: Queryable, key: string): Promise<ApiKeyRow | null> {
  const prefix = keyPrefix(key) ?? createHash('sha256').update(key).digest('base64url').slice(0, 8);
  const { rows } = await db.query<{ id: string; program_id: string | null; role: KeyRole; name: string; key_hash: string }>(
    'select id, program_id, role, name, key_hash from api_keys where prefix = $1 and revoked_at is null',
    [prefix],
  );
  const row = rows[0];
  if (!row || !(await verifyKey(key, row.key_hash))) return null;
  return { id: row.id, programId: row.program_id, role: row.role, name: row.name };
}

export async function countApiKeys(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: string }>('select count(*) as n from api_keys');
  return Number(rows[0]!.n);
}

export interface ApiKeyListRow extends ApiKeyRow {
  prefix: string;
  createdAt: string;
  revokedAt: string | null;
}

export async function listApiKeys(db: Queryable, programId: string | null): Promise<ApiKeyListRow[]> {
  const { rows } = await db.query<ApiKeyListRow>(
    `select id, program_id as "programId", role, name, prefix, created_at as "createdAt", revoked_at as "revokedAt"
     from api_keys where ($1::uuid is null or program_id = $1) order by created_at`,
    [programId],
  );
  return rows;
}

/** Revoke a key in scope; returns false when there is no such key. */
export async function revokeApiKey(db: Queryable, id: string, programId: string | null): Promise<boolean> {
  const { rowCount } = await db.query(
    `update api_keys set revoked_at = coalesce(revoked_at, now()) where id = $1 and ($2::uuid is null or program_id = $2)`,
    [id, programId],
  );
  return (rowCount ?? 0) > 0;
}
