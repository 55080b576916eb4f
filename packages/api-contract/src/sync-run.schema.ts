import { z } from 'zod';
import { Id, Timestamp } from './primitives';

export const SyncRunStatus = z.enum(['queued', 'running', 'awaiting_confirmation', 'succeeded', 'failed']);
export type SyncRunStatus = z.infer<typeof SyncRunStatus>;

/** GET /sync-runs/:runId: progress and counts (S8). */
export const SyncRun = z
  .object({
    id: Id,
    connectionId: Id,
    status: SyncRunStatus,
    counts: z.record(z.string(), z.number()).meta({ description: 'total, processed, created, … as counted' }),
    startedAt: Timestamp,
    finishedAt: Timestamp.nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: 'SyncRun' });
export type SyncRun = z.input<typeof SyncRun>;
