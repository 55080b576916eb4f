import { randomUUID } from 'node:crypto';
import { Queue, Worker, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { catalog, createRedis, userJobId } from '@entra-sync/queues';

// The queue limit: bare BullMQ add, addBulk and no-op processing on this Redis, with the job options the
// receiver sends (catalog options of user.changed plus a per-user deduplication id, as Producer.userChanged).

export interface BullmqRateOptions {
  redisUrl: string;
  /** a prefix of the benchmark's own: the queue under it must be empty, and it is obliterated after */
  prefix: string;
  jobs: number;
  /** no-op worker concurrency */
  concurrency: number;
  /** single adds in flight at once; default 50 */
  inFlight?: number;
  /** jobs per addBulk call; default 500 */
  bulkSize?: number;
}

export interface BullmqRate {
  addPerSecond: number;
  addBulkPerSecond: number;
  processPerSecond: number;
  jobs: number;
}

const JOB = 'user.changed';
const QUEUE = catalog.userSync.name;
const BASE_OPTIONS: JobsOptions = catalog.userSync.jobs[JOB].options;

interface Job {
  name: string;
  data: Record<string, unknown>;
  opts: JobsOptions;
}

function jobsFor(connectionId: string, from: number, count: number): Job[] {
  return Array.from({ length: count }, (_, k) => {
    const objectId = `bench-user-${from + k}`;
    return {
      name: JOB,
      data: { connectionId, objectId, trigger: 'change', source: 'notification', receivedAt: Date.now() },
      opts: {
        ...BASE_OPTIONS,
        deduplication: { id: userJobId(connectionId, objectId), keepLastIfActive: true },
      },
    };
  });
}

const STALL_MS = 10_000;
const seconds = (since: number) => (performance.now() - since) / 1000;

async function timeSingleAdds(queue: Queue, jobs: Job[], inFlight: number): Promise<number> {
  const started = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      await queue.add(job.name, job.data, job.opts);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, jobs.length) }, lane));
  return seconds(started);
}

async function timeBulkAdds(queue: Queue, jobs: Job[], size: number): Promise<number> {
  const started = performance.now();
  for (let from = 0; from < jobs.length; from += size) await queue.addBulk(jobs.slice(from, from + size));
  return seconds(started);
}

/** Seconds for a no-op worker to complete `count` waiting jobs, from the moment it starts. */
async function timeProcessing(
  redis: Redis,
  prefix: string,
  count: number,
  concurrency: number,
): Promise<number> {
  let completed = 0;
  let started = 0;
  let done!: (elapsed: number) => void;
  let fail!: (error: Error) => void;
  const finished = new Promise<number>((resolve, reject) => ((done = resolve), (fail = reject)));
  const worker = new Worker(QUEUE, async () => undefined, {
    connection: redis,
    prefix,
    concurrency,
    autorun: false,
  });
  worker.on('completed', () => {
    if (++completed === count) done(seconds(started));
  });
  worker.on('failed', (job, error) => fail(new Error(`no-op job ${job?.id} failed: ${error.message}`)));
  // a worker that stops making progress fails the measurement instead of hanging the benchmark
  let lastCount = -1;
  const watchdog = setInterval(() => {
    if (completed === lastCount)
      fail(new Error(`no-op worker stalled: ${completed} of ${count} jobs completed`));
    lastCount = completed;
  }, STALL_MS);
  try {
    await worker.waitUntilReady();
    started = performance.now();
    worker.run().catch(fail);
    return await finished;
  } finally {
    clearInterval(watchdog);
    await worker.close();
  }
}

async function assertEmpty(queue: Queue, prefix: string): Promise<void> {
  const counts = await queue.getJobCounts();
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  if (total > 0)
    throw new Error(`queue ${prefix}:${QUEUE} holds ${total} jobs: bullmqRate needs a fresh prefix`);
}

export async function bullmqRate(options: BullmqRateOptions): Promise<BullmqRate> {
  const { redisUrl, prefix, jobs, concurrency, inFlight = 50, bulkSize = 500 } = options;
  if (!(jobs >= 1)) throw new Error('jobs must be at least 1');
  const producerRedis = createRedis(redisUrl, 'producer', { enableOfflineQueue: true });
  const workerRedis = createRedis(redisUrl, 'worker');
  const queue = new Queue(QUEUE, { connection: producerRedis, prefix });
  const connectionId = randomUUID();
  const close = async () => {
    await queue.close();
    await Promise.all([producerRedis.quit(), workerRedis.quit()]);
  };
  try {
    await queue.waitUntilReady();
    await assertEmpty(queue, prefix);
  } catch (error) {
    await close();
    throw error;
  }
  try {
    const addSeconds = await timeSingleAdds(queue, jobsFor(connectionId, 0, jobs), inFlight);
    const processSeconds = await timeProcessing(workerRedis, prefix, jobs, concurrency);
    const bulkSeconds = await timeBulkAdds(queue, jobsFor(connectionId, jobs, jobs), bulkSize);
    return {
      addPerSecond: jobs / addSeconds,
      addBulkPerSecond: jobs / bulkSeconds,
      processPerSecond: jobs / processSeconds,
      jobs,
    };
  } finally {
    await queue.obliterate({ force: true });
    await close();
  }
}
