import Type from 'typebox';

/**
 * Every environment variable Dyadic reads, with its meaning. This is the only place that knows the names;
 * `loadConfig` is the only reader of `process.env`.
 */
export const EnvSchema = Type.Object({
  /** HTTP port of the API. */
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000, description: 'HTTP port of the API' }),
  /** Interface the API binds to. */
  HOST: Type.String({ minLength: 1, default: '127.0.0.1', description: 'interface the API binds to (0.0.0.0 in containers)' }),
  /** Postgres connection string; unset = start embedded Postgres under DYADIC_DATA_DIR. */
  DATABASE_URL: Type.Optional(
    Type.String({ pattern: '^postgres(ql)?://', description: 'Postgres URL; unset = embedded Postgres under DYADIC_DATA_DIR' }),
  ),
  /** Redis connection string; unset = BullMQ's Postgres backend on the same database. */
  REDIS_URL: Type.Optional(
    Type.String({ pattern: '^rediss?://', description: "Redis URL for the queue; unset = BullMQ's Postgres backend" }),
  ),
  DYADIC_DATA_DIR: Type.String({ minLength: 1, default: './.dyadic', description: 'where embedded Postgres keeps its data' }),
  DYADIC_EMBEDDED_PG_PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 54329, description: 'port of embedded Postgres' }),
  DYADIC_BOOTSTRAP_KEY: Type.Optional(
    Type.String({ minLength: 24, description: 'admin API key created on an empty database (else one is generated and printed once)' }),
  ),
  DYADIC_MAX_UPLOAD_MB: Type.Number({ exclusiveMinimum: 0, maximum: 1024, default: 20, description: 'largest accepted upload, MB' }),
  /** Batch upload (POST /api/v1/transcripts/batch, docs/batch-upload.md); each entry is also held to DYADIC_MAX_UPLOAD_MB. */
  DYADIC_ZIP_MAX_MB: Type.Number({ exclusiveMinimum: 0, maximum: 4095, default: 100, description: 'largest accepted batch zip, MB' }),
  DYADIC_ZIP_MAX_ENTRIES: Type.Integer({ minimum: 1, maximum: 65534, default: 2000, description: 'most entries (files and folders) in a batch zip' }),
  DYADIC_ZIP_MAX_UNZIPPED_MB: Type.Number({ exclusiveMinimum: 0, maximum: 16384, default: 500, description: 'most bytes a batch zip may unzip to in all, MB (the API holds them in memory while checking)' }),
  DYADIC_ZIP_MAX_RATIO: Type.Number({ minimum: 1, maximum: 100_000, default: 100, description: 'largest unzipped ÷ zipped size of one zip entry over 64 KB (zip bomb guard)' }),
  DYADIC_QUEUE: Type.String({ pattern: '^[A-Za-z0-9_-]{1,80}$', default: 'dyadic-transcripts', description: 'queue name' }),
  DYADIC_WORKER_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 64, default: 4, description: 'jobs a worker runs at once' }),
  DYADIC_WORKER_STALLED_MS: Type.Integer({
    minimum: 1000,
    maximum: 600_000,
    default: 30_000,
    description: "how often a worker looks for jobs of a crashed worker and takes them over (ms)",
  }),
  DYADIC_REQUEST_TIMEOUT_MS: Type.Integer({
    minimum: 1000,
    maximum: 3_600_000,
    default: 120_000,
    description: 'a request (headers and body) must arrive within this many ms, else the connection is closed (slow clients)',
  }),
  DYADIC_CORS_ORIGINS: Type.String({
    pattern: '^(https?://[^,\\s]+(,https?://[^,\\s]+)*)?$',
    default: '',
    description: 'comma-separated browser origins allowed to call the API (default: none, same-origin only)',
  }),
  DYADIC_RATE_LIMIT: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 600, description: 'requests per minute per API key (per IP without a key)' }),
  LOG_LEVEL: Type.Union(
    [Type.Literal('fatal'), Type.Literal('error'), Type.Literal('warn'), Type.Literal('info'), Type.Literal('debug'), Type.Literal('trace'), Type.Literal('silent')],
    { default: 'info', description: 'pino log level' },
  ),
});
