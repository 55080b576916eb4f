import type { Job } from 'bullmq';
import { classifyPostgresError } from '@entra-sync/db';
import { jitteredBackoff } from '@entra-sync/queues';
import { WaitError } from './job-errors';

/** How long a job whose attempts are spent waits for Postgres before it tries again (F1), before jitter. */
export const POSTGRES_WAIT_MS = 15_000;

/**
 * F1: a transient Postgres failure (down, restarting, a lost connection, contention, a timeout) retries with
 * the job's own backoff while it has attempts left; on its last attempt it waits instead of failing, without
 * spending the attempt, for as long as Postgres keeps failing — an outage produces no dead letters. A race
 * (unique violation) and anything else Postgres refused spend attempts and end in the dead letters.
 * Returns null when the error is not a transient Postgres failure.
 */
export function waitForPostgres(err: unknown, job: Job, now: number): WaitError | null {
  const failure = classifyPostgresError(err);
  if (!failure || failure.kind === 'race' || failure.kind === 'permanent') return null;
  if (job.attemptsMade + 1 < (job.opts.attempts ?? 1)) return null;
  return new WaitError(
    now + jitteredBackoff(1, POSTGRES_WAIT_MS),
    `Postgres ${failure.kind} (${failure.code}); waiting for it: ${failure.message}`,
  );
}
