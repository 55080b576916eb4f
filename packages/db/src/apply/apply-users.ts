import type { Kysely } from 'kysely';
import type { UserToApply } from '@entra-sync/domain';
import type { Database } from '../tables/database';
import { applyBatch, type AppliedUser, type BatchOptions } from './apply-batch';
import { loadSyncContext } from './sync-context';

export interface ApplyUsersRequest extends BatchOptions {
  connectionId: string;
  /** applied in this order, as if one after the other */
  users: readonly UserToApply[];
}

/** Consecutive runs in which no object id repeats (D18 tells applies apart by their transaction). */
export function splitRepeats(users: readonly UserToApply[]): UserToApply[][] {
  const runs: UserToApply[][] = [];
  let run: UserToApply[] = [];
  let seen = new Set<string>();
  for (const user of users) {
    if (seen.has(user.observation.objectId)) {
      runs.push(run);
      run = [];
      seen = new Set();
    }
    run.push(user);
    seen.add(user.observation.objectId);
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/** Failures a concurrent writer causes, which a fresh transaction (a new read of the world) resolves. */
const RACES = new Set(['40P01', '40001', '23505']);
const ATTEMPTS = 3;

/**
 * Applies directory users (S3–S6, S4.4 idempotent, S4.5 stale, D18) in one transaction per batch and a
 * constant number of statements. A batch that names an object id twice runs as consecutive transactions.
 * A deadlock, serialization failure or unique violation with a concurrent writer (rows the advisory locks
 * do not cover) retries the transaction, which reads again and merges with what the other one wrote (F1);
 * one that persists rolls back and surfaces.
 */
export async function applyUsers(db: Kysely<Database>, request: ApplyUsersRequest): Promise<AppliedUser[]> {
  const { connectionId, users, ...options } = request;
  const results: AppliedUser[] = [];
  for (const run of splitRepeats(users)) {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const applied = await db.transaction().execute(async (trx) => {
          const context = await loadSyncContext(trx, connectionId);
          return applyBatch(trx, context, run, options);
        });
        results.push(...applied);
        break;
      } catch (error) {
        if (!RACES.has((error as { code?: string }).code ?? '') || attempt >= ATTEMPTS) throw error;
      }
    }
  }
  return results;
}
