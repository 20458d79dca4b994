import fp from 'fastify-plugin';
import { authenticateKey, keyFingerprint, type ApiKeyRow, type KeyRole } from '@dyadic/db';
import { HttpProblem } from './problem.js';
import { CSRF_HEADER, SESSION_COOKIE, SessionStore, readCookie, sameToken } from '../ui/sessions.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Drop cached key verifications (after a revocation in this process). */
    forgetVerifiedKeys(): void;
    /** Web UI sign-ins (HttpOnly cookie → the key it was opened with), in this process's memory. */
    uiSessions: SessionStore;
  }
  interface FastifyRequest {
    apiKey: ApiKeyRow | null;
  }
  interface FastifyContextConfig {
    /** Roles allowed on this route; absent = public (no key needed). */
    roles?: readonly KeyRole[];
  }
}


// Verified keys, by SHA-256 fingerprint (the key itself is never kept). scrypt is deliberately slow, so each
// process verifies a key once per minute instead of on every request. Revocation takes effect within the TTL.
const CACHE_TTL_MS = 60_000;
const CACHE_MAX = 10_000;

/**
 * Bearer-key authentication for every route that declares `config.roles`. Unknown or wrong keys get 401; a key whose
 * role is not listed gets 403. Program scoping (404 for other programs' objects) is done in the queries.
 */
export default fp(
  async (app) => {
    const cache = new Map<string, { row: ApiKeyRow; expires: number }>();
    app.decorateRequest('apiKey', null);
    app.decorate('forgetVerifiedKeys', () => cache.clear());
    const sessions = new SessionStore();
    app.decorate('uiSessions', sessions);
    app.addHook('onRequest', async (request) => {
      const roles = request.routeOptions.config?.roles;
      if (!roles) return;
      const header = request.headers.authorization;
      const m = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
      let key: string;
      if (m) {
        key = m[1]!;
      } else {
        // No Authorization header: the web UI's session cookie (see services/api/src/ui). A cookie rides along on any
        // request the browser makes, so state-changing requests must also carry the session's CSRF token in a header.
        const session = header === undefined ? sessions.get(readCookie(request.headers.cookie, SESSION_COOKIE)) : null;
        if (!session) {
          throw new HttpProblem(401, 'unauthorized', 'send an API key as "Authorization: Bearer <key>"', {}, { 'www-authenticate': 'Bearer' });
        }
        if (request.method !== 'GET' && request.method !== 'HEAD') {
          const token = request.headers[CSRF_HEADER];
          if (typeof token !== 'string' || !sameToken(token, session.csrf)) {
            throw new HttpProblem(403, 'csrf', `a request signed in by cookie must send the session's ${CSRF_HEADER} header`);
          }
        }
        key = session.key;
      }
      const fp = keyFingerprint(key);
      const now = Date.now();
      let row = cache.get(fp);
      if (!row || row.expires < now) {
        const found = key.length <= 200 ? await authenticateKey(app.pool, key) : null;
        if (!found) {
          cache.delete(fp);
          throw new HttpProblem(401, 'unauthorized', 'the API key is unknown or revoked', {}, { 'www-authenticate': 'Bearer error="invalid_token"' });
        }
        if (cache.size >= CACHE_MAX) cache.clear();
        row = { row: found, expires: now + CACHE_TTL_MS };
        cache.set(fp, row);
      }
      request.apiKey = row.row;
      if (!roles.includes(row.row.role)) {
        throw new HttpProblem(403, 'forbidden', `a ${row.row.role} key may not ${request.method} this resource`);
      }
    });
  },
  { name: 'auth', dependencies: ['deps'] },
);
