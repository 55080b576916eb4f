import { queueStats } from '../src';
import { testQueues } from '../src/testing';

describe('queueStats (real Redis, random prefix)', () => {
  const queues = testQueues();
  const { producer } = queues;

  afterAll(() => queues.close());

  it('reports every catalog queue, zero when empty', async () => {
    const stats = await queueStats(producer);
    expect(stats.map((s) => s.name)).toEqual([
      'user-sync',
      'group-sync',
      'delta',
      'full-sync',
      'subscriptions',
      'connection-health',
    ]);
    expect(stats[0]).toEqual({
      name: 'user-sync',
      waiting: 0,
      active: 0,
      delayed: 0,
      failed: 0,
      deadLettersDropped: 0,
      oldestWaitingAgeSeconds: 0,
    });
  });

  it('counts waiting and delayed jobs and measures the age of the oldest waiting one', async () => {
    const t0 = Date.now();
    await producer.add(
      'fullSync',
      'sync.run',
      { connectionId: 'c1', runId: 'r1' },
      { timestamp: t0 - 40_000 },
    );
    await producer.add(
      'fullSync',
      'sync.run',
      { connectionId: 'c1', runId: 'r2' },
      { timestamp: t0 - 5_000 },
    );
    await producer.add('fullSync', 'sync.run', { connectionId: 'c1', runId: 'r3' }, { delay: 60_000 });
    const full = (await queueStats(producer, t0)).find((s) => s.name === 'full-sync');
    expect(full).toEqual({
      name: 'full-sync',
      waiting: 2,
      active: 0,
      delayed: 1,
      failed: 0,
      deadLettersDropped: 0,
      oldestWaitingAgeSeconds: 40,
    });
  });
});
