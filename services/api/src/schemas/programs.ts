import Type from 'typebox';
import { Uuid } from './common.js';

export const AlertSettings = Type.Object(
  {
    reciprocationFallingSessions: Type.Optional(Type.Integer({ minimum: 0, maximum: 20, description: 'Warn when reciprocation fell in each of the last N calls (0 = off)' })),
    noSessionWeeks: Type.Optional(Type.Integer({ minimum: 0, maximum: 52, description: 'Warn when no call for N weeks (0 = off)' })),
    menteeDisclosureZero: Type.Optional(Type.Boolean({ description: 'Warn when the mentee shared nothing about themselves in the latest call' })),
    lowEvidenceMinDisclosures: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description: 'Note when the latest call has fewer mentee disclosures (0 = off)' })),
    mentorShareHigh: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: "Note when the mentor's share of disclosures is at least this (0 = off)" })),
  },
  { additionalProperties: false },
);

export const ProgramSettings = Type.Object(
  {
    alerts: Type.Optional(AlertSettings),
    redactPii: Type.Optional(
      Type.Boolean({
        description:
          'Replace names (other than the dyad\'s), phone numbers, e-mails, street addresses and dates of birth with typed placeholders before anything is stored. Applies to uploads from then on.',
      }),
    ),
  },
  { additionalProperties: false, examples: [{ alerts: { noSessionWeeks: 4, reciprocationFallingSessions: 3 }, redactPii: true }] },
);

export const ProgramView = Type.Object({
  id: Uuid,
  slug: Type.String({ examples: ['spring-cohort'] }),
  name: Type.String({ examples: ['Spring 2026 cohort'] }),
  settings: Type.Object({}, { additionalProperties: true }),
  createdAt: Type.String({ format: 'date-time' }),
});

export const ProgramCreate = Type.Object(
  {
    slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$', examples: ['spring-cohort'] }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    settings: Type.Optional(ProgramSettings),
  },
  { additionalProperties: false },
);

export const ProgramPatch = Type.Object(
  { name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), settings: Type.Optional(ProgramSettings) },
  { additionalProperties: false },
);

export const OverviewQuery = Type.Object({
  sort: Type.Union(
    ['key', 'lastSessionDate', 'sessions', 'sdRate', 'emotionShare', 'adviceAfterDisclosureRate', 'reciprocationRate', 'sdSlope', 'reciprocationSlope', 'alerts'].map((s) => Type.Literal(s)),
    { default: 'key' },
  ),
  order: Type.Union([Type.Literal('asc'), Type.Literal('desc')], { default: 'asc' }),
  q: Type.Optional(Type.String({ maxLength: 120, description: 'Search in dyad key and label' })),
  archived: Type.Optional(Type.Boolean({ description: 'Default: only active dyads' })),
  hasAlerts: Type.Optional(Type.Boolean()),
  alert: Type.Optional(Type.String({ maxLength: 60, description: 'Only dyads with this alert code' })),
  cursor: Type.Optional(Type.String({ maxLength: 400 })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
});

const TrendBrief = Type.Object({
  slope: Type.Union([Type.Number(), Type.Null()]),
  direction: Type.Union([Type.Literal('rising'), Type.Literal('falling'), Type.Literal('flat'), Type.Null()]),
  insufficientSessions: Type.Boolean(),
  n: Type.Integer(),
  points: Type.Optional(Type.Array(Type.Union([Type.Number(), Type.Null()]), { maxItems: 12, description: 'Values of the last 12 processed sessions in order (null: undefined that session), for sparklines' })),
});

export const OverviewItem = Type.Object({
  id: Uuid,
  key: Type.String(),
  label: Type.Union([Type.String(), Type.Null()]),
  archived: Type.Boolean(),
  sessions: Type.Integer(),
  processedSessions: Type.Integer(),
  lastSessionDate: Type.Union([Type.String({ format: 'date' }), Type.Null()]),
  latest: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()], { description: 'Key rates of the latest processed session, each {num, den, value, ci95, lowCount}' }),
  trends: Type.Record(Type.String(), TrendBrief),
  alerts: Type.Array(Type.Object({ code: Type.String(), severity: Type.String(), message: Type.String() }, { additionalProperties: true })),
});

export const Overview = Type.Object({
  programId: Uuid,
  items: Type.Array(OverviewItem),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

export const WebhookCreate = Type.Object(
  {
    url: Type.String({ pattern: '^https?://', maxLength: 2000, examples: ['https://example.org/hooks/dyadic'] }),
    events: Type.Array(Type.Union([Type.Literal('transcript.done'), Type.Literal('transcript.failed'), Type.Literal('dyad.alert')]), { minItems: 1, uniqueItems: true }),
  },
  { additionalProperties: false },
);

export const WebhookView = Type.Object({
  id: Uuid,
  programId: Uuid,
  url: Type.String(),
  events: Type.Array(Type.String()),
  active: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  secret: Type.Optional(Type.String({ description: 'Signing secret: returned only when the webhook is created' })),
});

export const DeliveryView = Type.Object({
  id: Uuid,
  event: Type.String(),
  status: Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  responseStatus: Type.Union([Type.Integer(), Type.Null()]),
  error: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  deliveredAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const AuditView = Type.Object({
  id: Type.String(),
  at: Type.String({ format: 'date-time' }),
  apiKeyId: Type.Union([Type.String(), Type.Null()]),
  programId: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  objectType: Type.String(),
  objectId: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Object({}, { additionalProperties: true }),
});
