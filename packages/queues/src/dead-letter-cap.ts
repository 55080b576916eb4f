import { randomUUID } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { QueueKey } from './catalog';
import type { Producer } from './producer';

// F13: dead letters (BullMQ's failed set, Q2) are kept up to DEAD_LETTER_MAX per queue. Beyond it the oldest are
// removed and counted under the queue's keys, so every process (API, metrics) sees the same count of drops.
const DROPPED = 'dead-letters-dropped';
const LOCK = 'dead-letter-cap';
const LOCK_MS = 10_000;
const BATCH = 1000;
const ANY_AGE = -86_400_000;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

/** Dead letters of this queue removed by the cap so far (since Redis last lost its data). */
export async function deadLettersDropped(producer: Producer, key: QueueKey): Promise<number> {
  const queue = producer.queue(key);
  return Number(await producer.connection.get(queue.toKey(DROPPED))) || 0;
}

/**
 * Trims a queue's dead letters to `max`, oldest first; returns how many this call removed. One process trims a
 * queue at a time (a short Redis lock), so two workers never both remove the same excess; a caller that finds
 * the lock taken leaves the work to its holder, which checks again after letting go.
 */
export async function enforceDeadLetterCap(producer: Producer, key: QueueKey, max: number): Promise<number> {
  const queue = producer.queue(key);
  const redis = producer.connection;
  let dropped = 0;
  while ((await queue.getFailedCount()) > max) {
    const token = randomUUID();
    if ((await redis.set(queue.toKey(LOCK), token, 'PX', LOCK_MS, 'NX')) !== 'OK') break;
    const trimmed = await trim(queue, max, (n) => redis.incrby(queue.toKey(DROPPED), n)).finally(() =>
      redis.eval(RELEASE, 1, queue.toKey(LOCK), token),
    );
    dropped += trimmed;
    if (trimmed === 0) break;
  }
  return dropped;
}

async function trim(queue: Queue, max: number, count: (n: number) => Promise<unknown>): Promise<number> {
  let dropped = 0;
  for (;;) {
    const excess = (await queue.getFailedCount()) - max;
    if (excess <= 0) return dropped;
    // `clean` removes the failed jobs with the oldest finishing times first, atomically per call; a negative grace
    // includes jobs another host's clock stamped ahead of ours
    const removed = await queue.clean(ANY_AGE, Math.min(excess, BATCH), 'failed');
    if (removed.length === 0) return dropped;
    await count(removed.length);
    dropped += removed.length;
  }
}
