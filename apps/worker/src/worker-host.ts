import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { catalog, jitteredBackoff, queueKeys, type QueueKey } from '@entra-sync/queues';
import type { Processors, WorkerDeps } from './deps';
import { runJob } from './run-job';

export interface WorkerHostOptions {
  connection: Redis;
  prefix: string;
  /** queues this process serves; all by default */
  queues?: readonly QueueKey[];
  concurrency?: Partial<Record<QueueKey, number>>;
  /** job lock; a crashed worker's jobs return to the queue after about this long (stall check runs as often) */
  lockMs?: number;
  onJobEnd?: (
    queue: QueueKey,
    job: Job,
    outcome: 'completed' | 'failed' | 'dead-letter',
    seconds: number,
  ) => void;
}

/** Checks at boot that every job of the catalog has a processor (the type already does; this guards casts). */
export function assertCoverage(processors: Processors): void {
  for (const key of queueKeys) {
    for (const name of Object.keys(catalog[key].jobs)) {
      if (typeof (processors[key] as Record<string, unknown> | undefined)?.[name] !== 'function') {
        throw new Error(`no processor for job ${name} of queue ${catalog[key].name}`);
      }
    }
  }
}

/** F6: how often a job may lose its worker before it is dead-lettered (BullMQ's default is 1). */
export const MAX_STALLED_COUNT = 5;

export function startWorkers(processors: Processors, deps: WorkerDeps, options: WorkerHostOptions): Worker[] {
  assertCoverage(processors);
  return (options.queues ?? queueKeys).map((key) => {
    const worker = new Worker(catalog[key].name, (job, token) => runJob(key, processors, deps, job, token), {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency?.[key] ?? catalog[key].concurrency,
      ...(options.lockMs ? { lockDuration: options.lockMs, stalledInterval: options.lockMs } : {}),
      // F6: a worker killed under a job (SIGKILL, OOM, a drained node) is not the job's fault; only a job that
      // took its worker down this many times is a dead letter ("job stalled more than allowable limit")
      maxStalledCount: MAX_STALLED_COUNT,
      settings: {
        backoffStrategy: (attemptsMade, _type, _err, job) =>
          jitteredBackoff(
            attemptsMade,
            Number(
              job?.opts.backoff && typeof job.opts.backoff === 'object' ? job.opts.backoff.delay : 1000,
            ) || 1000,
          ),
      },
    });
    worker.on('completed', (job) => {
      options.onJobEnd?.(key, job, 'completed', elapsed(job));
    });
    worker.on('failed', (job, err) => {
      if (!job) return;
      const final = job.attemptsMade >= (job.opts.attempts ?? 1) || err.name === 'UnrecoverableError';
      const log = deps.logger.child({ jobId: job.id, queue: catalog[key].name, attempt: job.attemptsMade });
      if (final)
        log.error({ err }, 'job dead-lettered: retry it with `entra-sync dlq retry` once the cause is fixed');
      else log.warn({ err }, 'job failed; will retry');
      options.onJobEnd?.(key, job, final ? 'dead-letter' : 'failed', elapsed(job));
    });
    worker.on('error', (err) => deps.logger.error({ err, queue: catalog[key].name }, 'worker error'));
    return worker;
  });
}

const elapsed = (job: Job) => (job.processedOn ? (Date.now() - job.processedOn) / 1000 : 0);
