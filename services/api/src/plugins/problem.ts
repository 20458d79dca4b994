import fp from 'fastify-plugin';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '@dyadic/domain';
import { isConnectionError } from '@dyadic/db';

/** RFC 9457 problem details. `type` is a relative URI naming the problem kind. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  406: 'Not acceptable',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

export function sendProblem(reply: FastifyReply, request: FastifyRequest, status: number, type: string, detail: string, extra: Record<string, unknown> = {}) {
  const body: Problem = { type: `/problems/${type}`, title: TITLES[status] ?? 'Error', status, detail, instance: request.url, ...extra };
  return reply.code(status).type('application/problem+json').send(body);
}

/** Thrown by handlers for expected HTTP conditions that are not domain errors (auth, unavailable backends). */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

const FASTIFY_CODES: Record<string, { status: number; type: string }> = {
  FST_REQ_FILE_TOO_LARGE: { status: 413, type: 'upload-too-large' },
  FST_FILES_LIMIT: { status: 413, type: 'too-many-files' },
  FST_FIELDS_LIMIT: { status: 413, type: 'too-many-fields' },
  FST_PARTS_LIMIT: { status: 413, type: 'too-many-parts' },
  FST_INVALID_MULTIPART_CONTENT_TYPE: { status: 415, type: 'not-multipart' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, type: 'unsupported-media-type' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, type: 'body-too-large' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, type: 'empty-body' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, type: 'invalid-json' },
  RATE_LIMITED: { status: 429, type: 'rate-limited' },
};

/** The one error boundary: every error leaves as problem+json; 5xx details are logged, never sent. */
export default fp(
  async (app) => {
    app.setErrorHandler((err: FastifyError, request, reply) => {
      if (err instanceof DomainError) {
        return sendProblem(reply, request, err.status, err.type, err.message, err.extra);
      }
      if (err instanceof HttpProblem) {
        for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
        return sendProblem(reply, request, err.status, err.type, err.message, err.extra);
      }
      if (err.validation) {
        const first = err.validation[0];
        const where = err.validationContext ?? 'request';
        const field = first?.instancePath ? first.instancePath.replace(/^\//, '').replace(/\//g, '.') : (first?.params as { missingProperty?: string })?.missingProperty;
        return sendProblem(reply, request, 400, 'validation', `${where}${field ? ` field "${field}"` : ''}: ${first?.message ?? err.message}`, {
          ...(field ? { field } : {}),
        });
      }
      const known = err.code ? FASTIFY_CODES[err.code] : undefined;
      if (known) return sendProblem(reply, request, known.status, known.type, err.message);
      if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
        return sendProblem(reply, request, err.statusCode, 'bad-request', err.message);
      }
      if (isConnectionError(err)) {
        // The database is restarting or unreachable: nothing was stored (every write is one transaction). Retry.
        request.log.warn({ err: err.message }, 'database unavailable');
        reply.header('retry-after', '5');
        return sendProblem(reply, request, 503, 'database-unavailable', 'the database is not reachable right now; nothing was stored, try again shortly');
      }
      request.log.error({ err }, 'unhandled error');
      return sendProblem(reply, request, 500, 'internal', 'Something went wrong on our side. The error was logged.');
    });
    app.setNotFoundHandler((request, reply) => sendProblem(reply, request, 404, 'not-found', `no route ${request.method} ${request.url.split('?')[0]}`));
  },
  { name: 'problem' },
);
