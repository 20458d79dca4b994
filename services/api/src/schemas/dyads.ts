import Type from 'typebox';
import { Status } from './transcripts.js';
import { Uuid } from './common.js';
import { Alert, DyadSummary, SessionMetrics, Trend } from './metrics.js';

export const DyadView = Type.Object({
  id: Uuid,
  programId: Uuid,
  key: Type.String({ examples: ['dyad-07'] }),
  label: Type.Union([Type.String(), Type.Null()], { examples: ['Sam & Jordan'] }),
  archived: Type.Boolean(),
  speakerRoles: Type.Record(Type.String(), Type.Union([Type.Literal('mentor'), Type.Literal('mentee'), Type.Literal('other')]), {
    description: 'Remembered mapping from speaker names (normalised) to roles, used when an upload names no roles',
  }),
  createdAt: Type.String({ format: 'date-time' }),
});

export const DyadList = Type.Object({
  items: Type.Array(DyadView),
  nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `cursor` to get the next page' }),
});

export const DyadListQuery = Type.Object({
  key: Type.Optional(Type.String({ minLength: 1, maxLength: 120, description: "Exact dyad key, e.g. 'dyad-07'" })),
  cursor: Type.Optional(Type.String({ maxLength: 400 })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
});

const KEY = { pattern: '^[\\p{L}\\p{N}][\\p{L}\\p{N} ._:#/-]{0,119}$', description: "The program's own key for the pair" } as const;

export const DyadCreate = Type.Object(
  {
    key: Type.String({ ...KEY, examples: ['dyad-07'] }),
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    mentor: Type.Optional(Type.String({ minLength: 1, maxLength: 120, description: "Mentor's speaker name in transcripts" })),
    mentee: Type.Optional(Type.String({ minLength: 1, maxLength: 120, description: "Mentee's speaker name in transcripts" })),
    program: Type.Optional(Type.String({ maxLength: 80, description: 'Program id or slug (keys of every program only; default: the default program)' })),
  },
  { additionalProperties: false },
);

export const DyadPatch = Type.Object(
  {
    key: Type.Optional(Type.String(KEY)),
    label: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()])),
    archived: Type.Optional(Type.Boolean()),
    mentor: Type.Optional(Type.String({ minLength: 1, maxLength: 120, description: 'Replace the remembered role mapping: mentor name' })),
    mentee: Type.Optional(Type.String({ minLength: 1, maxLength: 120, description: 'Replace the remembered role mapping: mentee name' })),
  },
  { additionalProperties: false },
);

export const SessionView = Type.Object({
  id: Uuid,
  sessionDate: Type.String({ format: 'date' }),
  status: Status,
  filename: Type.String(),
  taggerVersion: Type.Union([Type.String(), Type.Null()]),
});

export const DyadMetricsView = Type.Object({
  dyad: DyadView,
  sessions: Type.Array(
    Type.Object({
      transcriptId: Uuid,
      sessionDate: Type.String({ format: 'date' }),
      status: Status,
      filename: Type.String(),
      taggerVersion: Type.Union([Type.String(), Type.Null()]),
      metrics: Type.Union([SessionMetrics, Type.Null()], { description: 'null until the session is processed' }),
    }),
    { description: 'Sessions in date order' },
  ),
  summary: DyadSummary,
  trends: Type.Record(Type.String(), Trend, { description: 'Per rate: OLS slope over session order, `insufficientSessions` under 3' }),
  alerts: Type.Array(Alert, { description: 'Plain-language alerts for coordinators' }),
});

export const TrendsView = Type.Object({
  dyadId: Uuid,
  trends: Type.Record(Type.String(), Trend, {
    description: 'Keyed by metric: sdRatePer100.dyad, sdRatePer100.mentee, emotionSdShare.dyad, adviceAfterDisclosureRate, reciprocationRate',
  }),
  alerts: Type.Array(Alert),
});
