import { z } from 'zod';
import { page, pageFields, Timestamp } from './primitives';

/** CONTRACT.md: one queue's depth and lag. */
export const QueueStats = z
  .object({
    name: z.string(),
    waiting: z.number().int().meta({ description: 'ready to run: waiting plus prioritized' }),
    active: z.number().int(),
    delayed: z.number().int().meta({ description: 'scheduled for later, retries with backoff included' }),
    failed: z.number().int().meta({ description: 'dead letters' }),
    deadLettersDropped: z.number().int().meta({
      description: 'dead letters removed, oldest first, because the queue held DEAD_LETTER_MAX of them',
    }),
    oldestWaitingAgeSeconds: z
      .number()
      .meta({ description: 'age of the oldest job still waiting, 0 when none' }),
  })
  .meta({ id: 'QueueStats' });
export type QueueStats = z.input<typeof QueueStats>;

/** Every catalog queue, always: a fixed list, so `nextCursor` is always null. */
export const QueueStatsPage = page(QueueStats);

/** W8: in-memory samples of GET /queues over the last hour, oldest first. */
export const QueueHistory = z.object({
  intervalSeconds: z.number(),
  windowSeconds: z.number(),
  samples: z.array(z.object({ at: Timestamp, queues: z.array(QueueStats) })),
});
export type QueueHistory = z.input<typeof QueueHistory>;

/** Q2: a job that failed for good, kept with its payload (ids only), error and attempts. */
export const DeadLetter = z
  .object({
    id: z.string().meta({ description: '`<queue>~<jobId>`' }),
    queue: z.string(),
    name: z.string(),
    data: z.unknown().meta({ description: 'the job payload: ids only, never documents or secrets' }),
    failedReason: z.string(),
    attemptsMade: z.number().int(),
    failedAt: Timestamp.nullable(),
  })
  .meta({ id: 'DeadLetter' });
export type DeadLetter = z.input<typeof DeadLetter>;

export const DeadLetterPage = page(DeadLetter);

const queueName = z
  .string()
  .trim()
  .meta({ description: 'a queue name, e.g. user-sync; every queue when absent' });
export const DeadLetterListQuery = z.object({ queue: queueName.optional(), ...pageFields });
export const DeadLetterRetryAllQuery = z.object({ queue: queueName.optional() });
export const DeadLetterRetried = z.object({ id: z.string(), retried: z.literal(true) });
export const DeadLettersRetried = z.object({ retried: z.number().int() });
