import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { authenticateKey } from '@dyadic/db';
import { HttpProblem } from '../plugins/problem.js';
import { ASSETS, DIST_DIR, ensureBuilt } from './build.js';
import { CSRF_HEADER, SESSION_COOKIE, readCookie } from './sessions.js';

const TYPES: Record<(typeof ASSETS)[number], string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'app.css': 'text/css; charset=utf-8',
};

/**
 * The staff web UI: the bundle from web/dist (built on first start when missing or stale) under /ui/, and a small
 * cookie sign-in (POST /ui/session with an API key, POST /ui/logout, GET /ui/session). The pages call the public
 * /api/v1 routes with the cookie; plugins/auth.ts maps the cookie back to the key.
 *
 * CSRF: the cookie is SameSite=Strict, and every non-GET API request by cookie must also send `x-dyadic-csrf` with the
 * token from GET /ui/session (a cross-site page can neither read it nor send the header without a CORS preflight).
 * Sign-in and logout check the Origin header instead.
 */
export default fp(
  async (app) => {
    let built: Promise<Map<string, Buffer>> | null = null;
    const load = () => {
      built ??= (async () => {
        try {
          await ensureBuilt();
        } catch (err) {
          app.log.warn({ err }, 'web UI: build failed; serving the existing web/dist if any');
        }
        const files = new Map<string, Buffer>();
        for (const f of ASSETS) files.set(f, await readFile(join(DIST_DIR, f)));
        return files;
      })();
      built.catch(() => {
        built = null;
      });
      return built;
    };
    // Build (or read) at startup so the first page view is fast; a failure is reported when a page is requested.
    await load().catch((err) => app.log.warn({ err }, 'web UI: no bundle in web/dist (run pnpm build:ui)'));

    const send = async (reply: FastifyReply, name: (typeof ASSETS)[number]) => {
      let files: Map<string, Buffer>;
      try {
        files = await load();
      } catch {
        throw new HttpProblem(503, 'ui-not-built', 'the web UI is not built: run pnpm build:ui');
      }
      return reply
        .type(TYPES[name])
        .header('cache-control', name === 'index.html' ? 'no-store' : 'no-cache')
        .header('x-content-type-options', 'nosniff')
        .send(files.get(name));
    };

    app.get('/', (_req, reply) => reply.redirect('/ui/'));
    app.get('/ui', (_req, reply) => reply.redirect('/ui/'));
    app.get('/ui/assets/app.js', (_req, reply) => send(reply, 'app.js'));
    app.get('/ui/assets/app.css', (_req, reply) => send(reply, 'app.css'));
    // Client-side routes (/ui/, /ui/dyads/…, /ui/sessions/…, /ui/upload) all get the page shell.
    app.get('/ui/*', (_req, reply) => send(reply, 'index.html'));

    const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.split(',')[0]?.trim();
    // Behind a TLS-terminating proxy without trustProxy, x-forwarded-proto still marks the cookie Secure: a spoofed
    // header can only make the cookie stricter.
    const secure = (request: FastifyRequest) => request.protocol === 'https' || first(request.headers['x-forwarded-proto']) === 'https';
    const checkOrigin = (request: FastifyRequest) => {
      const origin = request.headers.origin;
      if (origin === undefined) return; // curl and other non-browser clients send none
      const hosts = [request.headers.host, first(request.headers['x-forwarded-host'])].filter((x): x is string => !!x);
      if (!hosts.some((host) => origin === `http://${host}` || origin === `https://${host}`)) {
        throw new HttpProblem(403, 'cross-origin', 'sign-in is accepted from this site only');
      }
    };
    const cookie = (request: FastifyRequest, value: string, maxAge: number) =>
      `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure(request) ? '; Secure' : ''}`;

    app.post<{ Body: { key?: unknown } | undefined }>('/ui/session', { config: { rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (request, reply) => {
      checkOrigin(request);
      const key = typeof request.body === 'object' && request.body !== null ? request.body.key : undefined;
      if (typeof key !== 'string' || key.trim() === '' || key.length > 200) {
        throw new HttpProblem(400, 'validation', 'enter your API key');
      }
      const row = await authenticateKey(app.pool, key.trim());
      if (!row) throw new HttpProblem(401, 'unauthorized', 'This key is not known or has been revoked.');
      if (row.role === 'integration') {
        throw new HttpProblem(403, 'forbidden', 'Integration keys are for other software and cannot sign in to the dashboard. Ask an admin for a staff key.');
      }
      app.uiSessions.delete(readCookie(request.headers.cookie, SESSION_COOKIE));
      const session = app.uiSessions.create(key.trim(), row);
      reply.header('set-cookie', cookie(request, session.id, 24 * 60 * 60));
      return { role: session.role, programId: session.programId, name: row.name, csrf: session.csrf };
    });

    app.get('/ui/session', async (request, reply) => {
      const session = app.uiSessions.get(readCookie(request.headers.cookie, SESSION_COOKIE));
      reply.header('cache-control', 'no-store');
      if (!session) throw new HttpProblem(401, 'unauthorized', 'not signed in');
      return { role: session.role, programId: session.programId, csrf: session.csrf, csrfHeader: CSRF_HEADER };
    });

    app.post('/ui/logout', async (request, reply) => {
      checkOrigin(request);
      app.uiSessions.delete(readCookie(request.headers.cookie, SESSION_COOKIE));
      reply.header('set-cookie', cookie(request, '', 0));
      return { signedOut: true };
    });
  },
  { name: 'ui', dependencies: ['auth'] },
);
