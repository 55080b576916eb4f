import { z } from 'zod';
import type { JobsOptions } from 'bullmq';

// The one place queue names, job names, payload schemas and job options are declared (STYLE habit 1).
// Payloads carry ids, never documents: the processor loads current state itself (habit 2).

const id = z.string().min(1).max(200);

const userChanged = z.object({
  connectionId: id,
  objectId: id,
  /** `change`: the directory says the user changed (D1); `reconcile`: full sync / rule change */
  trigger: z.enum(['change', 'reconcile']),
  source: z.enum(['notification', 'delta', 'full-sync', 'rule-change', 'group-change', 'operator']),
  /** epoch ms when the signal reached us; end-to-end latency is measured from here */
  receivedAt: z.number().int().nonnegative(),
  runId: id.optional(),
});

const groupChanged = z.object({
  connectionId: id,
  groupId: id,
  receivedAt: z.number().int().nonnegative(),
});

const connectionOnly = z.object({ connectionId: id });

const fullSync = z.object({
  connectionId: id,
  runId: id,
  /** what asked for the run; a confirmation it opens names it (S8: a rule deleted or changed, …) */
  cause: z.enum(['manual', 'rule-change', 'defaults-change', 'connection', 'baseline']).default('manual'),
});

const reauthorize = z.object({ connectionId: id, subscriptionId: id });

/** Completed jobs: the last hour, at most 10,000 per queue (F13). */
export const COMPLETED_RETENTION = { age: 3600, count: 10_000 } as const;
/** Failed repeatable ticks: the next tick is the retry, so these are evidence only: a week, at most 100 (F13). */
export const FAILED_TICK_RETENTION = { age: 7 * 86_400, count: 100 } as const;

/** Exponential backoff with jitter (STYLE habit 7); the worker registers the `jittered` strategy. */
const retrying = (attempts: number, delay: number): JobsOptions => ({
  attempts,
  backoff: { type: 'jittered', delay },
  removeOnComplete: COMPLETED_RETENTION,
  // Failed jobs are the dead letters: kept with payload, reason and attempts until retried or discarded, never
  // by age; their count is bounded by the workers' DEAD_LETTER_MAX, which counts what it drops (F13).
  removeOnFail: false,
});
const tick = (): JobsOptions => ({ ...retrying(1, 0), removeOnFail: FAILED_TICK_RETENTION });

export interface JobDef {
  schema: z.ZodType;
  options: JobsOptions;
}
export interface QueueDef {
  name: string;
  /** parallel jobs per worker process */
  concurrency: number;
  jobs: Record<string, JobDef>;
}

export const catalog = {
  userSync: {
    name: 'user-sync',
    // high on purpose: jobs spend most of their time waiting on Graph, and the ones ready together are applied
    // in one transaction (P5), so more in flight means bigger batches, not more Postgres sessions
    concurrency: 64,
    jobs: { 'user.changed': { schema: userChanged, options: retrying(8, 1000) } },
  },
  groupSync: {
    name: 'group-sync',
    concurrency: 4,
    jobs: { 'group.changed': { schema: groupChanged, options: retrying(8, 1000) } },
  },
  delta: {
    name: 'delta',
    concurrency: 4,
    // Repeatable: a failed tick is not retried, the next tick is (habit 7).
    jobs: {
      'delta.run': { schema: connectionOnly, options: tick() },
    },
  },
  fullSync: {
    name: 'full-sync',
    concurrency: 1,
    jobs: { 'sync.run': { schema: fullSync, options: retrying(5, 5000) } },
  },
  subscriptions: {
    name: 'subscriptions',
    concurrency: 2,
    jobs: {
      'subscriptions.ensure': { schema: connectionOnly, options: retrying(5, 5000) },
      'subscriptions.reauthorize': { schema: reauthorize, options: retrying(5, 5000) },
    },
  },
  connectionHealth: {
    name: 'connection-health',
    concurrency: 2,
    jobs: {
      'connection.reconnect': { schema: connectionOnly, options: tick() },
    },
  },
} as const satisfies Record<string, QueueDef>;

export type Catalog = typeof catalog;
export type QueueKey = keyof Catalog;
export type JobName<Q extends QueueKey> = keyof Catalog[Q]['jobs'] & string;
export type JobData<Q extends QueueKey, J extends JobName<Q>> = Catalog[Q]['jobs'][J] extends {
  schema: infer S;
}
  ? S extends z.ZodType
    ? z.output<S>
    : never
  : never;
export type JobInput<Q extends QueueKey, J extends JobName<Q>> = Catalog[Q]['jobs'][J] extends {
  schema: infer S;
}
  ? S extends z.ZodType
    ? z.input<S>
    : never
  : never;

export const queueKeys = Object.keys(catalog) as QueueKey[];
