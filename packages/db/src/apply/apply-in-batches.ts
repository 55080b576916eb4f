import type { Kysely } from 'kysely';
import type { UserToApply } from '@entra-sync/domain';
import type { Database } from '../tables/database';
import type { AppliedUser } from './apply-batch';
import { applyUsers, type ApplyUsersRequest } from './apply-users';

export interface ApplyInBatchesRequest extends Omit<ApplyUsersRequest, 'users'> {
  /**
   * applied in this order; any iterable, read one batch at a time (a full sync builds each observation as
   * its batch starts, so 100,000 of them never exist at once)
   */
  users: Iterable<UserToApply>;
  /** users per transaction; each takes about three advisory locks per user (B2) — default 500 */
  batchSize?: number;
  /** batches in flight: 2 lets Node plan one while Postgres writes the other — default 2 */
  inFlight?: number;
  /** called after each committed batch (progress) */
  onBatch?: (applied: readonly AppliedUser[]) => void | Promise<void>;
  /**
   * false: results are handed to `onBatch` only and not kept (the full sync of 100,000 users would otherwise hold
   * every plan until the end) — the call then resolves to []. Default true.
   */
  retain?: boolean;
}

/**
 * Many users through `applyUsers`, `batchSize` per transaction with up to `inFlight` transactions at a
 * time (the pool needs that many connections). Batches in flight may touch the same people: their locks
 * serialise them like concurrent single applies. Results come back in the order of `users`.
 */
export async function applyInBatches(
  db: Kysely<Database>,
  request: ApplyInBatchesRequest,
): Promise<AppliedUser[]> {
  const { users, batchSize = 500, inFlight = 2, onBatch, retain = true, ...rest } = request;
  if (batchSize < 1 || inFlight < 1)
    throw new Error('applyInBatches: batchSize and inFlight must be at least 1');
  const source = users[Symbol.iterator]();
  let batchCount = 0;
  let failed = false;
  // synchronous, so batches in flight never take the same user; after a failure no new batch starts
  const take = (): UserToApply[] => {
    const batch: UserToApply[] = [];
    if (failed) return batch;
    while (batch.length < batchSize) {
      const item = source.next();
      if (item.done) break;
      batch.push(item.value);
    }
    return batch;
  };
  const results: AppliedUser[][] = [];
  const worker = async (): Promise<void> => {
    try {
      for (let batch = take(); batch.length > 0; batch = take()) {
        const i = batchCount++;
        const applied = await applyUsers(db, { ...rest, users: batch });
        if (retain) results[i] = applied;
        await onBatch?.(applied);
      }
    } catch (error) {
      failed = true;
      throw error;
    }
  };
  // every batch in flight ends (commits or rolls back) before the first failure surfaces
  const settled = await Promise.allSettled(Array.from({ length: inFlight }, worker));
  const failure = settled.find((s) => s.status === 'rejected');
  if (failure) throw failure.reason;
  return retain ? results.flat() : [];
}
