import type { Job } from 'bullmq';
import { catalog, queueKeys, type QueueKey } from './catalog';
import type { Producer } from './producer';

// Dead letters are BullMQ's failed set (docs/decisions.md Q2). Their public id names the queue too:
// `<queue>~<jobId>` — '~' appears in neither queue names nor job ids, and ':' is BullMQ's own separator.
const SEPARATOR = '~';

export interface DeadLetter {
  id: string;
  queue: string;
  name: string;
  /** the payload: ids only, never documents or secrets (STYLE habit 2) */
  data: unknown;
  failedReason: string;
  attemptsMade: number;
  failedAt: Date | null;
}

export const deadLetterId = (queue: string, jobId: string): string => `${queue}${SEPARATOR}${jobId}`;

export function parseDeadLetterId(id: string): { key: QueueKey; jobId: string } | null {
  const at = id.indexOf(SEPARATOR);
  if (at <= 0 || at === id.length - 1) return null;
  const key = queueKeyOf(id.slice(0, at));
  return key ? { key, jobId: id.slice(at + 1) } : null;
}

export function queueKeyOf(name: string): QueueKey | null {
  return queueKeys.find((key) => catalog[key].name === name) ?? null;
}

const toDeadLetter = (key: QueueKey, job: Job): DeadLetter => ({
  id: deadLetterId(catalog[key].name, job.id ?? ''),
  queue: catalog[key].name,
  name: job.name,
  data: job.data,
  failedReason: job.failedReason ?? '',
  attemptsMade: job.attemptsMade,
  failedAt: job.finishedOn ? new Date(job.finishedOn) : null,
});

export interface DeadLetterQuery {
  /** a queue name (`user-sync`); all queues when absent */
  queue?: QueueKey;
  offset?: number;
  limit?: number;
}

/** Newest failure first across the queues asked for. */
export async function listDeadLetters(
  producer: Producer,
  query: DeadLetterQuery = {},
): Promise<DeadLetter[]> {
  const offset = query.offset ?? 0;
  const limit = query.limit ?? 50;
  const keys = query.queue ? [query.queue] : queueKeys;
  // each queue's failed set is ordered by failure time, so its first offset+limit jobs are enough to merge
  const perQueue = await Promise.all(
    keys.map(async (key) => {
      const jobs = await producer.queue(key).getJobs(['failed'], 0, offset + limit - 1);
      return jobs.filter((job): job is Job => Boolean(job)).map((job) => toDeadLetter(key, job));
    }),
  );
  return perQueue
    .flat()
    .sort((a, b) => (b.failedAt?.getTime() ?? 0) - (a.failedAt?.getTime() ?? 0) || (a.id < b.id ? -1 : 1))
    .slice(offset, offset + limit);
}

export async function getDeadLetter(producer: Producer, id: string): Promise<DeadLetter | null> {
  const job = await failedJob(producer, id);
  return job ? toDeadLetter(job.key, job.job) : null;
}

export type DeadLetterAction = 'done' | 'not-found';

/** Back to waiting with a fresh attempt budget. */
export async function retryDeadLetter(producer: Producer, id: string): Promise<DeadLetterAction> {
  const found = await failedJob(producer, id);
  if (!found) return 'not-found';
  await found.job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
  return 'done';
}

/** Retries every dead letter (of one queue, or all); returns how many went back to waiting. */
export async function retryAllDeadLetters(producer: Producer, queue?: QueueKey): Promise<number> {
  let retried = 0;
  for (const key of queue ? [queue] : queueKeys) {
    const q = producer.queue(key);
    // a snapshot of ids: a retried job that fails again while we loop is not retried twice
    for (const jobId of await q.getRanges(['failed'], 0, -1)) {
      const job = await q.getJob(jobId);
      if (!job || !(await job.isFailed())) continue;
      await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      retried += 1;
    }
  }
  return retried;
}

export async function discardDeadLetter(producer: Producer, id: string): Promise<DeadLetterAction> {
  const found = await failedJob(producer, id);
  if (!found) return 'not-found';
  await found.job.remove();
  return 'done';
}

async function failedJob(producer: Producer, id: string): Promise<{ key: QueueKey; job: Job } | null> {
  const parsed = parseDeadLetterId(id);
  if (!parsed) return null;
  const queue = producer.queue(parsed.key);
  const job = await queue.getJob(parsed.jobId);
  if (!job || !(await job.isFailed())) return null;
  return { key: parsed.key, job };
}
