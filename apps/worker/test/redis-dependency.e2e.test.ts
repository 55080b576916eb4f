import { StartRefused } from '@entra-sync/config';
import { catalog, deadLettersDropped } from '@entra-sync/queues';
import { PrivateRedis } from '@entra-sync/test-infra';
import { startFleet, type Fleet } from './support/fleet';
import { waitFor } from './support/wait';

// Redis as a dependency of a real worker: DEAD_LETTER_MAX bounds the dead letters and /metrics says what the cap
// dropped (F13); /readyz and start-up check the eviction policy (F10).
let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet({ name: 'redis-dependency', worker: false });
}, 60_000);
afterAll(async () => fleet?.close());

const dropped = (text: string) =>
  Number(/^entra_sync_dead_letters_dropped_total\{[^}]*queue="user-sync"[^}]*\} (\d+)$/m.exec(text)?.[1]);

describe('Redis as a dependency', () => {
  it('F13 a worker keeps DEAD_LETTER_MAX dead letters, drops the oldest, and /metrics counts the drops', async () => {
    const runtime = await fleet.startWorker({ DEAD_LETTER_MAX: '2' });
    const queue = fleet.producer.queue('userSync');
    // poison jobs (a trigger no processor knows), added past validation: each is a dead letter at once
    const poison = (i: number) =>
      queue.add(
        'user.changed',
        {
          connectionId: 'c',
          objectId: `poison-${i}`,
          trigger: 'changed',
          source: 'notification',
          receivedAt: 0,
        },
        catalog.userSync.jobs['user.changed'].options,
      );
    for (let i = 0; i < 5; i++) {
      const job = await poison(i);
      await waitFor(
        () => job.getState(),
        (state) => state === 'failed' || state === 'unknown',
        {
          what: `poison job ${i} failed`,
        },
      );
    }
    await waitFor(
      () => deadLettersDropped(fleet.producer, 'userSync'),
      (n) => n === 3,
      {
        what: 'three dead letters dropped',
      },
    );
    const kept = (await queue.getFailed(0, -1)).map((job) => job.data.objectId).sort();
    expect(kept).toEqual(['poison-3', 'poison-4']);

    const text = await (await fetch(runtime.metricsUrl)).text();
    expect(dropped(text)).toBe(3);
    expect(text).toMatch(/^entra_sync_dead_letters\{[^}]*queue="user-sync"[^}]*\} 2$/m);
    expect(fleet.logs.join('')).toContain('dead letters over DEAD_LETTER_MAX: the oldest were dropped');
  });

  it('F10 the worker has a /readyz: Redis (not evicting) and Postgres up', async () => {
    const runtime = await fleet.startWorker();
    const ready = await fetch(runtime.metricsUrl.replace('/metrics', '/readyz'));
    expect([ready.status, await ready.json()]).toEqual([
      200,
      { status: 'ready', checks: { redis: 'up', postgres: 'up' } },
    ]);
  });

  it('F10 a worker refuses to start on a Redis that may evict keys, naming the policy', async () => {
    const redis = await PrivateRedis.start({ maxmemoryPolicy: 'allkeys-random' });
    try {
      const start = fleet.startWorker({ REDIS_URL: redis.url });
      await expect(start).rejects.toBeInstanceOf(StartRefused);
      await expect(start).rejects.toThrow(
        /^Redis maxmemory-policy is allkeys-random, but entra-sync needs noeviction/,
      );
    } finally {
      await redis.destroy();
    }
  });
});
