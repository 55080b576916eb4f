import { randomBytes } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { catalog } from '@entra-sync/queues';
import { bullmqRate } from './bullmq-rate';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const QUEUE = catalog.userSync.name;

let redis: Redis;
beforeAll(() => {
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
});
afterAll(() => redis.quit());

const freshPrefix = () => `bench-limit-${randomBytes(4).toString('hex')}`;

async function eventually(check: () => boolean, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('bullmqRate', () => {
  it('adds every job singly and in bulk, processes the first batch, and leaves no key behind', async () => {
    const prefix = freshPrefix();
    // watched from outside, through the queue's own event stream
    const events = new QueueEvents(QUEUE, { connection: { url: REDIS_URL }, prefix });
    const seen = { added: 0, completed: 0, deduplicated: 0 };
    events.on('added', () => seen.added++);
    events.on('completed', () => seen.completed++);
    events.on('deduplicated', () => seen.deduplicated++);
    await events.waitUntilReady();
    try {
      const result = await bullmqRate({ redisUrl: REDIS_URL, prefix, jobs: 200, concurrency: 8 });
      expect(result.jobs).toBe(200);
      expect(result.addPerSecond).toBeGreaterThan(0);
      expect(result.addBulkPerSecond).toBeGreaterThan(0);
      expect(result.processPerSecond).toBeGreaterThan(0);
      await eventually(() => seen.added >= 400 && seen.completed >= 200);
      expect(seen).toEqual({ added: 400, completed: 200, deduplicated: 0 });
    } finally {
      await events.close();
    }
    expect(await redis.keys(`${prefix}*`)).toEqual([]);
  });

  it('refuses a queue that already holds jobs, and leaves them there', async () => {
    const prefix = freshPrefix();
    const queue = new Queue(QUEUE, { connection: redis, prefix });
    try {
      await queue.add('user.changed', { someone: 'else' });
      await expect(bullmqRate({ redisUrl: REDIS_URL, prefix, jobs: 10, concurrency: 1 })).rejects.toThrow(
        /holds 1 jobs/,
      );
      expect(await queue.getWaitingCount()).toBe(1);
    } finally {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });
});
