import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import { keyFingerprint } from '@dyadic/db';

/**
 * Security headers (helmet), strict CORS (no cross-origin browser access unless DYADIC_CORS_ORIGINS lists the
 * origin), and a rate limit per API key (or per IP without one).
 */
export default fp(
  async (app) => {
    await app.register(helmet, {
      // The Swagger UI and the queue dashboard load their own inline scripts and styles.
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", "'unsafe-inline'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
    });
    const origins = app.config.corsOrigins;
    await app.register(cors, { origin: origins.length ? origins : false, credentials: true, methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] });
    await app.register(rateLimit, {
      max: app.config.rateLimitPerMinute,
      timeWindow: '1 minute',
      keyGenerator: (request) => {
        const m = /^Bearer\s+(\S+)/i.exec(request.headers.authorization ?? '');
        if (m) return `key:${keyFingerprint(m[1]!)}`;
        // Signed-in dashboard users: one budget per session, not one per office IP.
        const session = /(?:^|;\s*)dyadic_session=([^;]+)/.exec(request.headers.cookie ?? '');
        return session ? `session:${keyFingerprint(session[1]!)}` : `ip:${request.ip}`;
      },
      allowList: (request) => request.url === '/health',
      errorResponseBuilder: (_request, ctx) => ({
        statusCode: 429,
        code: 'RATE_LIMITED',
        message: `rate limit of ${ctx.max} requests per minute reached; retry in ${Math.ceil(ctx.ttl / 1000)} s`,
      }),
    });
  },
  { name: 'security', dependencies: ['deps'] },
);
