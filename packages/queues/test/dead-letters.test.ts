import { randomUUID } from 'node:crypto';
import { UnrecoverableError, Worker } from 'bullmq';
import {
  catalog,
  createRedis,
  deadLetterId,
  discardDeadLetter,
  getDeadLetter,
  listDeadLetters,
  parseDeadLetterId,
  retryAllDeadLetters,
  retryDeadLetter,
} from '../src';
import { testQueues } from '../src/testing';

describe('dead letters (real Redis, random prefix)', () => {
  const queues = testQueues();
  const { prefix, producer } = queues;

  afterAll(() => queues.close());

  /** Runs a real worker on user-sync that fails every job it gets for good, until `count` jobs have failed. */
  async function failJobs(count: number): Promise<string[]> {
    const ids: string[] = [];
    const worker = new Worker(
      catalog.userSync.name,
      async () => {
        throw new UnrecoverableError('Graph said no (AADSTS7000215)');
      },
      {
        connection: createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 'worker'),
        prefix,
        autorun: false,
      },
    );
    const failed = new Promise<void>((resolve) =>
      worker.on('failed', () => {
        if (++seen === count) resolve();
      }),
    );
    let seen = 0;
    for (let i = 0; i < count; i += 1) {
      const job = await producer.userChanged({
        connectionId: 'c1',
        objectId: `o-${randomUUID()}`,
        trigger: 'change',
        source: 'notification',
        receivedAt: Date.now(),
      });
      ids.push(deadLetterId(catalog.userSync.name, job.id ?? ''));
    }
    void worker.run();
    await failed;
    await worker.close();
    await (worker.opts.connection as { quit(): Promise<unknown> }).quit();
    return ids;
  }

  it('Q2 lists a job that failed for good with its payload, reason and attempts, newest first', async () => {
    const [first, second] = await failJobs(2);
    const items = await listDeadLetters(producer);
    expect(items.map((i) => i.id)).toEqual(expect.arrayContaining([first, second]));
    const item = items.find((i) => i.id === first);
    expect(item).toMatchObject({
      queue: 'user-sync',
      name: 'user.changed',
      failedReason: 'Graph said no (AADSTS7000215)',
      attemptsMade: 1,
      data: { connectionId: 'c1', trigger: 'change' },
    });
    expect(item?.failedAt).toBeInstanceOf(Date);
    const times = items.map((i) => i.failedAt?.getTime() ?? 0);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(await listDeadLetters(producer, { limit: 1, offset: 1 })).toHaveLength(1);
  });

  it('Q2 retry moves a dead letter back to waiting with a fresh attempt budget; discard removes it', async () => {
    const [id] = await failJobs(1);
    if (!id) throw new Error('no job');
    expect(await retryDeadLetter(producer, id)).toBe('done');
    const parsed = parseDeadLetterId(id);
    const job = await producer.queue('userSync').getJob(parsed?.jobId ?? '');
    expect(await job?.getState()).toBe('waiting');
    expect(job?.attemptsMade).toBe(0);
    expect(await getDeadLetter(producer, id)).toBeNull();
    expect(await retryDeadLetter(producer, id)).toBe('not-found');
    await producer.queue('userSync').drain();

    const [other] = await failJobs(1);
    if (!other) throw new Error('no job');
    expect(await discardDeadLetter(producer, other)).toBe('done');
    expect(await producer.queue('userSync').getJob(parseDeadLetterId(other)?.jobId ?? '')).toBeUndefined();
    expect(await discardDeadLetter(producer, other)).toBe('not-found');
  });

  it('Q2 retries every dead letter at once', async () => {
    await failJobs(3);
    const before = await producer.queue('userSync').getFailedCount();
    expect(before).toBeGreaterThanOrEqual(3);
    expect(await retryAllDeadLetters(producer)).toBe(before);
    expect(await producer.queue('userSync').getFailedCount()).toBe(0);
  });

  it('rejects ids that do not name a catalog queue and a job', () => {
    expect(parseDeadLetterId('user-sync~42')).toEqual({ key: 'userSync', jobId: '42' });
    expect(parseDeadLetterId('user.c1.o1')).toBeNull();
    expect(parseDeadLetterId('nope~1')).toBeNull();
    expect(parseDeadLetterId('user-sync~')).toBeNull();
  });
});
