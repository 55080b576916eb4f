import { Worker, type Job } from 'bullmq';
import { catalog, createRedis } from '../src';
import { testQueues } from '../src/testing';

describe('Producer (real Redis, random prefix)', () => {
  const queues = testQueues();
  const { prefix, producer } = queues;

  afterAll(() => queues.close());

  const change = (receivedAt: number) => ({
    connectionId: 'c1',
    objectId: 'o1',
    trigger: 'change' as const,
    source: 'notification' as const,
    receivedAt,
  });

  it('S4.4 a burst of notifications for one user collapses into one pending job', async () => {
    await Promise.all(Array.from({ length: 50 }, (_, i) => producer.userChanged(change(1000 + i))));
    const counts = await producer.queue('userSync').getJobCounts('waiting', 'active', 'delayed');
    expect(counts.waiting).toBe(1);
    await producer.queue('userSync').obliterate({ force: true });
  });

  it('keeps a change that arrives while the same user is being processed, and never runs them in parallel', async () => {
    const seen: number[] = [];
    let running = 0;
    let maxRunning = 0;
    let release!: () => void;
    const firstStarted = new Promise<void>((startedResolve) => {
      const gate = new Promise<void>((r) => (release = r));
      const worker = new Worker(
        catalog.userSync.name,
        async (job: Job) => {
          running += 1;
          maxRunning = Math.max(maxRunning, running);
          seen.push((job.data as { receivedAt: number }).receivedAt);
          if (seen.length === 1) {
            startedResolve();
            await gate;
          }
          running -= 1;
        },
        { connection: workerConnection, prefix, concurrency: 4 },
      );
      afterAllWorkers.push(worker);
    });
    await producer.userChanged(change(1));
    await firstStarted;
    await producer.userChanged(change(2));
    await producer.userChanged(change(3));
    release();
    // drained: nothing waits, runs or is delayed any more, so no further job can come
    const queue = producer.queue('userSync');
    await waitFor(async () => {
      const { completed = 0, ...pending } = await queue.getJobCounts(
        'wait',
        'active',
        'delayed',
        'prioritized',
        'completed',
      );
      return completed > 0 && Object.values(pending).every((n) => n === 0);
    });
    expect(seen).toEqual([1, 3]);
    expect(maxRunning).toBe(1);
    expect(await queue.getCompletedCount()).toBe(2);
  });

  it('rejects an invalid payload before it reaches Redis', async () => {
    await expect(producer.add('userSync', 'user.changed', { ...change(1), objectId: '' })).rejects.toThrow(
      /objectId/,
    );
  });
});

const afterAllWorkers: Worker[] = [];
const workerConnection = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 'worker');
afterAll(async () => {
  await Promise.all(afterAllWorkers.map((w) => w.close()));
  await workerConnection.quit();
});

async function waitFor(predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
