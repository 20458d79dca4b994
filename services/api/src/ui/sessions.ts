import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { ApiKeyRow } from '@dyadic/db';

/** Name of the HttpOnly cookie that carries the UI session id. */
export const SESSION_COOKIE = 'dyadic_session';
/** Header a cookie-authenticated state-changing request must carry (double-submit of the session's CSRF token). */
export const CSRF_HEADER = 'x-dyadic-csrf';

export interface UiSession {
  id: string;
  csrf: string;
  /** The API key the person signed in with. Kept in this process only, so each request re-verifies it like a Bearer key
   * (revocation takes effect within the auth cache TTL). Never sent back to the browser. */
  key: string;
  role: ApiKeyRow['role'];
  programId: string | null;
  createdAt: number;
  lastSeen: number;
}

const IDLE_MS = 8 * 60 * 60 * 1000; // 8 h without a request
const MAX_AGE_MS = 24 * 60 * 60 * 1000; // a sign-in lasts one day at most
const MAX_SESSIONS = 10_000;

/**
 * UI sessions in the memory of this API process: a random 256-bit id in the cookie maps to the key it was opened
 * with. A deployment with several API processes needs sticky sessions (or a shared store) for the UI.
 */
export class SessionStore {
  private readonly sessions = new Map<string, UiSession>();

  create(key: string, row: ApiKeyRow): UiSession {
    this.sweep();
    if (this.sessions.size >= MAX_SESSIONS) {
      const oldest = this.sessions.keys().next().value;
      if (oldest !== undefined) this.sessions.delete(oldest);
    }
    const now = Date.now();
    const s: UiSession = {
      id: randomBytes(32).toString('base64url'),
      csrf: randomBytes(24).toString('base64url'),
      key,
      role: row.role,
      programId: row.programId,
      createdAt: now,
      lastSeen: now,
    };
    this.sessions.set(s.id, s);
    return s;
  }

  get(id: string | undefined): UiSession | null {
    if (!id || id.length > 100) return null;
    const s = this.sessions.get(id);
    if (!s) return null;
    const now = Date.now();
    if (now - s.lastSeen > IDLE_MS || now - s.createdAt > MAX_AGE_MS) {
      this.sessions.delete(id);
      return null;
    }
    s.lastSeen = now;
    return s;
  }

  delete(id: string | undefined): void {
    if (id) this.sessions.delete(id);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, s] of this.sessions) if (now - s.lastSeen > IDLE_MS || now - s.createdAt > MAX_AGE_MS) this.sessions.delete(id);
  }
}

/** The value of one cookie from a Cookie header (no dependency: the UI sets exactly one cookie). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
