import Type from 'typebox';
import Value from 'typebox/value';
import type { Static, TSchema } from 'typebox';
import type { JobsOptions } from 'bullmq';

/**
 * Every job Dyadic runs: name → payload schema and queue options. The API (producer) and the worker (consumer)
 * both import this, so a payload is validated with the same schema on both sides. Payloads carry ids only:
 * transcript text never enters the queue.
 */
export const JOBS = {
  'process-transcript': {
    payload: Type.Object({
      transcriptId: Type.String({ format: 'uuid' }),
    }),
    // 8 tries over ~8 minutes (2 s, 4 s, … 256 s): a database or Redis restart must not fail a transcript for good.
    // Bad input fails at once (UnrecoverableError), so only outages and bugs use the retries.
    options: {
      attempts: 8,
      backoff: { type: 'exponential', delay: 2000 },
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
    } satisfies JobsOptions,
  },
  'deliver-webhook': {
    payload: Type.Object({
      deliveryId: Type.String({ format: 'uuid' }),
    }),
    // 6 tries over ~5 minutes (5 s, 10 s, 20 s, 40 s, 80 s, 160 s); each try is recorded in the delivery log.
    options: {
      attempts: 6,
      backoff: { type: 'exponential', delay: 5000 },
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
    } satisfies JobsOptions,
  },
  'recode-program': {
    payload: Type.Object({
      runId: Type.String({ format: 'uuid' }),
    }),
    // Re-tag a program's stored utterances under one codebook version (docs/codebook-versions.md). Progress is kept
    // per transcript in the database, so a retry resumes where the last try stopped: 6 tries over ~5 minutes.
    options: {
      attempts: 6,
      backoff: { type: 'exponential', delay: 5000 },
      removeOnComplete: { age: 24 * 3600, count: 1000 },
      removeOnFail: { age: 7 * 24 * 3600, count: 1000 },
    } satisfies JobsOptions,
  },
} as const;

export type JobName = keyof typeof JOBS;
export type JobPayload<N extends JobName> = Static<(typeof JOBS)[N]['payload']>;

export class InvalidJobPayloadError extends Error {
  constructor(name: string, detail: string) {
    super(`invalid payload for job "${name}": ${detail}`);
    this.name = 'InvalidJobPayloadError';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parsePayload<N extends JobName>(name: N, data: unknown): JobPayload<N> {
  const schema: TSchema = JOBS[name].payload;
  if (!Value.Check(schema, data)) {
    const first = [...Value.Errors(schema, data)][0];
    throw new InvalidJobPayloadError(name, first ? `${first.instancePath || '/'} ${first.message}` : 'does not match');
  }
  // typebox checks the shape; ids are checked here (formats are not part of Value.Check).
  for (const [field, value] of Object.entries(data as Record<string, unknown>)) {
    if (field.endsWith('Id') && !UUID.test(String(value))) throw new InvalidJobPayloadError(name, `/${field} must be a uuid`);
  }
  return data as JobPayload<N>;
}

/**
 * Job ids make enqueueing idempotent: the same transcript under the same tagger version is one job, however often
 * it is added (a retried upload, the stalled-transcript sweeper).
 */
export function jobIdFor(transcriptId: string, taggerVersion: string, revision = 1): string {
  return `t_${transcriptId}_v${taggerVersion.replace(/[^A-Za-z0-9.+-]/g, '-')}${revision > 1 ? `_r${revision}` : ''}`;
}

/** One job per webhook delivery, so re-announcing an event never sends it twice. */
export function webhookJobId(deliveryId: string): string {
  return `w_${deliveryId}`;
}

/** One job per codebook run: asking for the same run again never queues it twice. */
export function codebookRunJobId(runId: string): string {
  return `c_${runId}`;
}

/** The backend did not accept the job in time (Redis or Postgres unreachable). */
export class QueueUnavailableError extends Error {
  constructor(cause: string) {
    super(`queue unavailable: ${cause}`);
    this.name = 'QueueUnavailableError';
  }
}

/**
 * Validate the payload against the catalog and add the job, failing within `timeoutMs` when the backend is down
 * (BullMQ would otherwise wait for a reconnect forever). A job added after the timeout is harmless: the processor
 * skips transcripts that no longer exist.
 */
export async function enqueue<N extends JobName>(
  queue: { add(name: string, data: unknown, opts: object): Promise<unknown> },
  name: N,
  payload: JobPayload<N>,
  opts: { jobId: string; timeoutMs?: number; backoffMs?: number },
): Promise<void> {
  const data = parsePayload(name, payload);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new QueueUnavailableError(`no answer in ${opts.timeoutMs ?? 5000} ms`)), opts.timeoutMs ?? 5000);
  });
  try {
    const options: JobsOptions = { ...JOBS[name].options, jobId: opts.jobId };
    if (opts.backoffMs !== undefined) options.backoff = { type: 'exponential', delay: opts.backoffMs };
    await Promise.race([queue.add(name, data, options), timeout]);
  } catch (err) {
    if (err instanceof QueueUnavailableError || err instanceof InvalidJobPayloadError) throw err;
    throw new QueueUnavailableError((err as Error).message);
  } finally {
    clearTimeout(timer);
  }
}
