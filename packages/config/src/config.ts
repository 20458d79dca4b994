import Value from 'typebox/value';
import type { Static } from 'typebox';
import { EnvSchema } from './schema.js';

type Env = Static<typeof EnvSchema>;

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  dataDir: string;
  embeddedPgPort: number;
  bootstrapKey: string | undefined;
  maxUploadBytes: number;
  /** Batch zip limits; one entry is also held to maxUploadBytes. */
  zip: { maxZipBytes: number; maxEntries: number; maxTotalBytes: number; maxRatio: number };
  queueName: string;
  workerConcurrency: number;
  workerStalledMs: number;
  requestTimeoutMs: number;
  corsOrigins: string[];
  rateLimitPerMinute: number;
  logLevel: Env['LOG_LEVEL'];
}

/** A bad environment value; the message names the variable so the operator can fix it. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Parse the environment once, at boot. Unknown variables are ignored; empty strings count as unset.
 * Throws ConfigError naming every bad variable.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const picked: Record<string, string> = {};
  for (const name of Object.keys(EnvSchema.properties)) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') picked[name] = value.trim();
  }
  const converted = Value.Convert(EnvSchema, Value.Default(EnvSchema, picked));
  const errors = [...Value.Errors(EnvSchema, converted)];
  if (errors.length > 0) {
    const lines = errors.map((e) => {
      const name = e.instancePath.replace(/^\//, '') || '(environment)';
      return `${name}=${JSON.stringify(picked[name] ?? '')}: ${e.message}`;
    });
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const c = converted as Env;
  return {
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL,
    redisUrl: c.REDIS_URL,
    dataDir: c.DYADIC_DATA_DIR,
    embeddedPgPort: c.DYADIC_EMBEDDED_PG_PORT,
    bootstrapKey: c.DYADIC_BOOTSTRAP_KEY,
    maxUploadBytes: Math.round(c.DYADIC_MAX_UPLOAD_MB * 1024 * 1024),
    zip: {
      maxZipBytes: Math.round(c.DYADIC_ZIP_MAX_MB * 1024 * 1024),
      maxEntries: c.DYADIC_ZIP_MAX_ENTRIES,
      maxTotalBytes: Math.round(c.DYADIC_ZIP_MAX_UNZIPPED_MB * 1024 * 1024),
      maxRatio: c.DYADIC_ZIP_MAX_RATIO,
    },
    queueName: c.DYADIC_QUEUE,
    workerConcurrency: c.DYADIC_WORKER_CONCURRENCY,
    workerStalledMs: c.DYADIC_WORKER_STALLED_MS,
    requestTimeoutMs: c.DYADIC_REQUEST_TIMEOUT_MS,
    corsOrigins: c.DYADIC_CORS_ORIGINS ? c.DYADIC_CORS_ORIGINS.split(',') : [],
    rateLimitPerMinute: c.DYADIC_RATE_LIMIT,
    logLevel: c.LOG_LEVEL,
  };
}

/** Rows for the README's configuration table: name, default, meaning. */
export function describeConfig(): Array<{ name: string; default: string; description: string }> {
  return Object.entries(EnvSchema.properties).map(([name, s]) => {
    const schema = s as { default?: unknown; description?: string };
    return { name, default: schema.default === undefined ? '' : String(schema.default), description: schema.description ?? '' };
  });
}
