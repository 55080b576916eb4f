import { Producer, createRedis, deadLettersDropped, enforceDeadLetterCap, queueStatsOf } from '../src';
import { makeDeadLetters, objectIds, testQueues } from '../src/testing';

// F13 on the real Redis: the cap removes the oldest dead letters and counts each one it removes.

describe('dead-letter cap (real Redis, random prefix)', () => {
  const queues = testQueues();
  const { producer } = queues;
  afterAll(() => queues.close());
  const failedIds = async () =>
    (await producer.queue('userSync').getFailed(0, -1)).map((job) => job.data.objectId as string).sort();

  it('F13 keeps the newest DEAD_LETTER_MAX, drops the oldest, and counts the drops for API and metrics', async () => {
    const older = objectIds(3);
    await makeDeadLetters(queues, older);
    const newer = objectIds(3).map((id) => `${id}-newer`);
    await makeDeadLetters(queues, newer);

    expect(await enforceDeadLetterCap(producer, 'userSync', 3)).toBe(3);
    expect(await failedIds()).toEqual([...newer].sort());
    expect(await deadLettersDropped(producer, 'userSync')).toBe(3);
    expect(await queueStatsOf(producer, 'userSync')).toMatchObject({ failed: 3, deadLettersDropped: 3 });

    // under the cap: nothing more is dropped, the count stays
    expect(await enforceDeadLetterCap(producer, 'userSync', 3)).toBe(0);
    expect(await enforceDeadLetterCap(producer, 'userSync', 10)).toBe(0);
    expect(await deadLettersDropped(producer, 'userSync')).toBe(3);
    expect(await deadLettersDropped(producer, 'groupSync')).toBe(0);
  });

  it('F13 workers trimming the same queue at once drop exactly the excess, each drop counted once', async () => {
    await makeDeadLetters(queues, objectIds(12));
    const before = await deadLettersDropped(producer, 'userSync');
    const excess = (await producer.queue('userSync').getFailedCount()) - 4;
    // separate connections, like separate worker processes
    const others = Array.from({ length: 4 }, () => {
      const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 'worker');
      return { redis, producer: new Producer(redis, producer.prefix) };
    });
    try {
      const dropped = await Promise.all(others.map((o) => enforceDeadLetterCap(o.producer, 'userSync', 4)));
      expect(dropped.reduce((a, b) => a + b, 0)).toBe(excess);
      expect(await producer.queue('userSync').getFailedCount()).toBe(4);
      expect(await deadLettersDropped(producer, 'userSync')).toBe(before + excess);
    } finally {
      for (const o of others) {
        await o.producer.close();
        await o.redis.quit();
      }
    }
  });
});
