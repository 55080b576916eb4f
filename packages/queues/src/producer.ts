import { Queue, type Job, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { catalog, type JobInput, type JobName, type QueueKey } from './catalog';
import { userJobId } from './job-ids';

/** Adds jobs by catalog key; payloads are validated before they reach Redis. */
export class Producer {
  private readonly queues = new Map<QueueKey, Queue>();

  constructor(
    private readonly connection: Redis,
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

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.queues.clear();
  }
}
