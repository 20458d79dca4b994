import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * One Prometheus registry per process. The API serves it at /metrics; in `pnpm start` the worker runs in the same
 * process, so its job and tagging counters appear there too. A separate worker process serves its own registry when
 * DYADIC_WORKER_METRICS_PORT is set.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'dyadic_' });

export const httpDuration = new Histogram({
  name: 'dyadic_http_request_duration_seconds',
  help: 'HTTP request latency by route template, method and status code',
  labelNames: ['route', 'method', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const jobsTotal = new Counter({
  name: 'dyadic_jobs_total',
  help: 'Jobs finished by this process, by job name and outcome (done, failed, retry)',
  labelNames: ['job', 'outcome'] as const,
  registers: [registry],
});

export const utterancesTagged = new Counter({
  name: 'dyadic_utterances_tagged_total',
  help: 'Utterances tagged by this process',
  registers: [registry],
});

export const taggingSeconds = new Counter({
  name: 'dyadic_tagging_seconds_total',
  help: 'CPU time spent in the tagger (utterances_tagged / tagging_seconds = tagging throughput)',
  registers: [registry],
});
