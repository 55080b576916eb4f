import { catalog, queueKeys, type QueueKey } from './catalog';
import { deadLettersDropped } from './dead-letter-cap';
import type { Producer } from './producer';

/** GET /api/queues: one row per catalog queue. */
export interface QueueStats {
  name: string;
  /** ready to run: waiting plus prioritized */
  waiting: number;
  active: number;
  /** scheduled for later, retries with backoff included */
  delayed: number;
  /** dead letters (docs/decisions.md Q2) */
  failed: number;
  /** dead letters removed because the queue held DEAD_LETTER_MAX of them (F13) */
  deadLettersDropped: number;
  /** age of the oldest job still waiting, 0 when none waits */
  oldestWaitingAgeSeconds: number;
}

export async function queueStatsOf(producer: Producer, key: QueueKey, now = Date.now()): Promise<QueueStats> {
  const queue = producer.queue(key);
  const counts = await queue.getJobCounts('wait', 'prioritized', 'active', 'delayed', 'failed');
  // asc: the tail of the wait list is the job that has waited longest
  const [oldest] = await queue.getJobs(['wait'], 0, 0, true);
  const dropped = await deadLettersDropped(producer, key);
  const age = oldest ? Math.max(0, (now - oldest.timestamp) / 1000) : 0;
  return {
    name: catalog[key].name,
    waiting: (counts.wait ?? 0) + (counts.prioritized ?? 0),
    active: counts.active ?? 0,
    delayed: counts.delayed ?? 0,
    failed: counts.failed ?? 0,
    deadLettersDropped: dropped,
    oldestWaitingAgeSeconds: Math.round(age * 1000) / 1000,
  };
}

export function queueStats(producer: Producer, now = Date.now()): Promise<QueueStats[]> {
  return Promise.all(queueKeys.map((key) => queueStatsOf(producer, key, now)));
}
