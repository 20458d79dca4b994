import { UnrecoverableError, type Job } from 'bullmq';
import { findStalledTranscripts, stopCodebookRun, type Pool } from '@dyadic/db';
import {
  createQueue,
  createWorker,
  enqueue,
  jobIdFor,
  parsePayload,
  webhookJobId,
  type JobName,
  type JobQueue,
  type JobWorker,
  type QueueBackend,
} from '@dyadic/jobs';
import { CODEBOOK_VERSION } from '@dyadic/tagging';
import { jobsTotal } from '@dyadic/telemetry';
import { PermanentJobError, processTranscript, ProgramCodebooks, recordFailure } from './process-transcript.js';
import { recodeProgram } from './recode-program.js';
import { deliverWebhook } from './deliver-webhook.js';

export interface WorkerLogger {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface RunningWorker {
  worker: JobWorker;
  /** Stop taking jobs, let the running ones finish, stop the sweeper. */
  close(): Promise<void>;
}

export interface WorkerOptions {
  pool: Pool;
  backend: QueueBackend;
  queueName: string;
  concurrency: number;
  log: WorkerLogger;
  /** Queue the worker adds follow-up jobs to (webhook deliveries, stalled transcripts). Default: its own queue. */
  queue?: JobQueue;
  /** Re-enqueue transcripts accepted but unfinished for 10 minutes, every this many seconds (0 = off). */
  sweepEverySeconds?: number;
  /** First retry delay of webhook deliveries (doubles each try). Default 5 s. */
  webhookBackoffMs?: number;
  /** How often BullMQ looks for jobs of a crashed worker (ms). */
  stalledIntervalMs?: number;
}

/**
 * Consume the Dyadic queue: `process-transcript` (parse, tag with the program's active codebook, metrics, store),
 * `deliver-webhook` and `recode-program` (re-run a program under a codebook version). A sweeper
 * re-enqueues transcripts accepted but never finished (e.g. the API died between commit and enqueue): the job id
 * makes that a no-op when the job exists.
 */
export function startWorker(opts: WorkerOptions): RunningWorker {
  // Compiled codebooks per program version, shared by every job of this worker.
  const codebooks = new ProgramCodebooks();
  const { pool, log } = opts;
  let ownQueue: JobQueue | undefined;
  const followUps = (): JobQueue => opts.queue ?? (ownQueue ??= createQueueLazily(opts));

  const announce = async (deliveryIds: string[]) => {
    for (const deliveryId of deliveryIds) {
      await enqueue(followUps(), 'deliver-webhook', { deliveryId }, { jobId: webhookJobId(deliveryId), ...(opts.webhookBackoffMs !== undefined ? { backoffMs: opts.webhookBackoffMs } : {}) }).catch((err: Error) =>
        log.error({ deliveryId, err: err.message }, 'could not enqueue webhook delivery'),
      );
    }
  };

  const handlers: Record<JobName, (job: Job) => Promise<unknown>> = {
    'process-transcript': async (job) => {
      const { transcriptId } = parsePayload('process-transcript', job.data);
      try {
        const result = await processTranscript(pool, transcriptId, codebooks);
        log.info({ transcriptId, jobId: job.id, status: result.status, utterances: 'utterances' in result ? result.utterances : 0 }, 'transcript processed');
        await announce(result.deliveries);
        return result;
      } catch (err) {
        const permanent = err instanceof PermanentJobError;
        const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        if (permanent || lastAttempt) await announce(await recordFailure(pool, transcriptId, err).catch(() => []));
        log.error({ transcriptId, jobId: job.id, err: (err as Error).message, permanent }, 'transcript failed');
        // Bad input will not get better by retrying: fail the job now, with the reason.
        if (permanent) throw new UnrecoverableError((err as Error).message);
        throw err;
      }
    },
    'deliver-webhook': async (job) => {
      const { deliveryId } = parsePayload('deliver-webhook', job.data);
      const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      return deliverWebhook(pool, deliveryId, { finalAttempt });
    },
    'recode-program': async (job) => {
      const { runId } = parsePayload('recode-program', job.data);
      try {
        const result = await recodeProgram(pool, runId, { codebooks, onProgress: (p) => job.updateProgress(p) });
        log.info({ runId, jobId: job.id, ...result }, 'codebook run processed');
        return result;
      } catch (err) {
        // Progress is kept per transcript, so a retry resumes; only the last try marks the run failed.
        if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) await stopCodebookRun(pool, runId, 'failed', (err as Error).message).catch(() => {});
        log.error({ runId, jobId: job.id, err: (err as Error).message }, 'codebook run failed');
        throw err;
      }
    },
  };

  const worker = createWorker(
    opts.backend,
    opts.queueName,
    async (job: Job) => {
      const handler = handlers[job.name as JobName];
      if (!handler) throw new UnrecoverableError(`unknown job "${job.name}"`);
      try {
        const result = await handler(job);
        jobsTotal.inc({ job: job.name, outcome: 'done' });
        return result;
      } catch (err) {
        const final = err instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        jobsTotal.inc({ job: job.name, outcome: final ? 'failed' : 'retry' });
        throw err;
      }
    },
    { concurrency: opts.concurrency, ...(opts.stalledIntervalMs ? { stalledInterval: opts.stalledIntervalMs } : {}) },
  );
  worker.on('error', (err: Error) => log.error({ err: err.message }, 'worker error'));

  let timer: NodeJS.Timeout | undefined;
  const every = (opts.sweepEverySeconds ?? 60) * 1000;
  if (every > 0) {
    const sweep = async () => {
      try {
        for (const t of await findStalledTranscripts(pool, 10 * 60)) {
          // The job id names the shipped codebook (as the API does); the job itself tags with the program's active one.
          const jobId = jobIdFor(t.id, CODEBOOK_VERSION, t.revision);
          // A job that used up its retries during an outage (and could not even record the failure) is retried;
          // a missing job (crash between commit and enqueue) is added; a live one is left alone.
          const job = await followUps().getJob(jobId);
          if (job && (await job.getState()) === 'failed') await job.retry('failed');
          else if (!job) await enqueue(followUps(), 'process-transcript', { transcriptId: t.id }, { jobId });
        }
      } catch (err) {
        log.error({ err: (err as Error).message }, 'stalled-transcript sweep failed');
      }
    };
    timer = setInterval(sweep, every);
    timer.unref();
  }

  return {
    worker,
    async close() {
      if (timer) clearInterval(timer);
      await worker.close();
      await ownQueue?.close();
    },
  };
}

function createQueueLazily(opts: WorkerOptions): JobQueue {
  return createQueue(opts.backend, opts.queueName);
}
