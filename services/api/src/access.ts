import type { KeyRole } from '@dyadic/db';

/**
 * Who may call what. Every API route takes its `config.roles` from here; a test checks every route in the OpenAPI
 * document against its own copy of this matrix, so a new route without a rule fails CI.
 *
 * - admin: everything in its program(s), including keys, settings, webhooks, deletion and the audit log.
 * - researcher: upload, read transcript text, export; delete a session (consent withdrawal).
 * - staff: read dyads, metrics, trends, alerts and the evidence utterances behind them (not whole transcripts).
 * - integration: machine access for other tools: upload, read dyads and metrics, no transcript text.
 */
const ALL: readonly KeyRole[] = ['admin', 'researcher', 'staff', 'integration'];
const WRITE: readonly KeyRole[] = ['admin', 'researcher', 'integration'];
const TEXT: readonly KeyRole[] = ['admin', 'researcher', 'staff'];
const ADMIN: readonly KeyRole[] = ['admin'];

export const ACCESS = {
  'GET /api/v1/programs': ALL,
  'POST /api/v1/programs': ADMIN,
  'GET /api/v1/programs/:id': ALL,
  'PATCH /api/v1/programs/:id': ADMIN,
  'GET /api/v1/programs/:id/overview': ALL,
  'GET /api/v1/programs/:id/audit': ADMIN,
  'GET /api/v1/programs/:id/webhooks': ADMIN,
  'POST /api/v1/programs/:id/webhooks': ADMIN,
  'DELETE /api/v1/webhooks/:id': ADMIN,
  'GET /api/v1/webhooks/:id/deliveries': ADMIN,
  'GET /api/v1/keys': ADMIN,
  'POST /api/v1/keys': ADMIN,
  'DELETE /api/v1/keys/:id': ADMIN,
  'GET /api/v1/dyads': ALL,
  'POST /api/v1/dyads': WRITE,
  'GET /api/v1/dyads/:id': ALL,
  'PATCH /api/v1/dyads/:id': WRITE,
  'DELETE /api/v1/dyads/:id': ADMIN,
  'GET /api/v1/dyads/:id/sessions': ALL,
  'GET /api/v1/dyads/:id/metrics': ALL,
  'GET /api/v1/dyads/:id/trends': ALL,
  'POST /api/v1/transcripts': WRITE,
  'POST /api/v1/transcripts/batch': WRITE,
  'GET /api/v1/transcripts/:id': ALL,
  'PUT /api/v1/transcripts/:id/file': WRITE,
  'DELETE /api/v1/transcripts/:id': ['admin', 'researcher'],
  'GET /api/v1/transcripts/:id/utterances': TEXT,
  'GET /api/v1/programs/:id/export/utterances.csv': ['admin', 'researcher'],
  'GET /api/v1/programs/:id/export/sessions.csv': ['admin', 'researcher'],
  'GET /api/v1/programs/:id/export/dyads.csv': ['admin', 'researcher'],
  'GET /api/v1/programs/:id/export/utterances.jsonl': ['admin', 'researcher'],
  'GET /api/v1/programs/:id/export/sessions.jsonl': ['admin', 'researcher'],
  'GET /api/v1/programs/:id/export/dyads.jsonl': ['admin', 'researcher'],
  'GET /api/v1/programs/:id/export/utterances.parquet': ['admin', 'researcher'],
  'GET /api/v1/programs/:id/export/sessions.parquet': ['admin', 'researcher'],
  'GET /api/v1/programs/:id/export/dyads.parquet': ['admin', 'researcher'],
  'POST /api/v1/programs/:id/human-codes': ['admin', 'researcher'],
  'GET /api/v1/programs/:id/agreement': ['admin', 'researcher'],
  'GET /api/v1/export/dictionary.csv': ALL,
  'GET /api/v1/export/dyadic.R': ALL,
  'GET /api/v1/export/dyadic.sps': ALL,
  'GET /api/v1/programs/:id/codebooks': ['admin', 'researcher'],
  'POST /api/v1/programs/:id/codebooks': ADMIN,
  'PUT /api/v1/programs/:id/codebooks/active': ADMIN,
  'POST /api/v1/programs/:id/codebook-runs': ['admin', 'researcher'],
  'GET /api/v1/programs/:id/codebook-runs/:runId': ['admin', 'researcher'],
  'GET /api/v1/transcripts/:id/codes': ['admin', 'researcher'],
  'GET /metrics': ['admin', 'integration'],
} as const satisfies Record<string, readonly KeyRole[]>;

export type RouteKey = keyof typeof ACCESS;

/** Route options fragment: `{ config: { roles } }` for a route key. */
export function access(route: RouteKey): { config: { roles: readonly KeyRole[] } } {
  return { config: { roles: ACCESS[route] } };
}
