import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { Producer } from '../producer';
import { createRedis } from '../redis';

export interface TestQueues {
  /** a random BullMQ prefix, so tests never see each other's jobs */
  prefix: string;
  redis: Redis;
  producer: Producer;
  /** closes the producer, deletes every key under the prefix, quits Redis */
  close(): Promise<void>;
}

/** Real Redis (`REDIS_URL`, default the local one) under a random prefix, for tests. */
export function testQueues(): TestQueues {
  const prefix = `t-${randomUUID().slice(0, 8)}`;
  const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 'worker');
  const producer = new Producer(redis, prefix);
  return {
    prefix,
    redis,
    producer,
    async close() {
      await producer.close();
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    },
  };
}
