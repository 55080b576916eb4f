import { Queue, type Job, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { catalog, type JobInput, type JobName, type QueueKey } from './catalog';
import { userJobId } from './job-ids';

/** Adds jobs by catalog key; payloads are validated before they reach Redis. */
export class Producer {
  private readonly queues = new Map<QueueKey, Queue>();

  constructor(
    /** the Redis connection its queues share (also what a `/readyz` checks) */
    readonly connection: Redis,
    readonly prefix = 'entra-sync',
  ) {}

  queue(key: QueueKey): Queue {
    let queue = this.queues.get(key);
    if (!queue) {
      queue = new Queue(catalog[key].name, { connection: this.connection, prefix: this.prefix });
      this.queues.set(key, queue);
    }
    return queue;
  }

  async add<Q extends QueueKey, J extends JobName<Q>>(
    key: Q,
    name: J,
    data: JobInput<Q, J>,
    options: JobsOptions = {},
  ): Promise<Job> {
    const def = (
      catalog[key].jobs as Record<string, { schema: { parse(v: unknown): unknown }; options: JobsOptions }>
    )[name];
    if (!def) throw new Error(`queue ${catalog[key].name} has no job ${name}`);
    const payload = def.schema.parse(data);
    return this.queue(key).add(name, payload, { ...def.options, ...options });
  }

  /**
   * One pending job per user: duplicates collapse while one waits, and a change that arrives while that user's
   * job is running is kept (latest data) and runs right after it — never in parallel, never dropped.
   */
  async userChanged(data: JobInput<'userSync', 'user.changed'>): Promise<Job> {
    return this.add('userSync', 'user.changed', data, {
      deduplication: { id: userJobId(data.connectionId, data.objectId), keepLastIfActive: true },
    });
  }

  /**
   * A repeatable job (BullMQ job scheduler): idempotent, so every worker process may call it at boot.
   * Repeatable jobs don't retry: the next tick does (STYLE habit 7).
   */
  async schedule<Q extends QueueKey, J extends JobName<Q>>(
    key: Q,
    name: J,
    schedulerId: string,
    everyMs: number,
    data: JobInput<Q, J>,
  ): Promise<void> {
    const def = (
      catalog[key].jobs as Record<string, { schema: { parse(v: unknown): unknown }; options: JobsOptions }>
    )[name];
    if (!def) throw new Error(`queue ${catalog[key].name} has no job ${name}`);
    const { attempts: _attempts, backoff: _backoff, ...opts } = def.options;
    await this.queue(key).upsertJobScheduler(
      schedulerId,
      { every: everyMs },
      { name, data: def.schema.parse(data), opts: { ...opts, attempts: 1 } },
    );
  }

  async unschedule(key: QueueKey, schedulerId: string): Promise<void> {
    await this.queue(key).removeJobScheduler(schedulerId);
  }

  /** Existing schedulers of a queue: id → period in ms. */
  async schedulers(key: QueueKey): Promise<Map<string, number | undefined>> {
    const schedulers = await this.queue(key).getJobSchedulers(0, -1);
    return new Map(schedulers.map((s) => [s.key, s.every]));
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.queues.clear();
  }
}
