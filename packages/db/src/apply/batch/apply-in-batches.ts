import type { Kysely } from 'kysely';
import type { Database } from '../../tables/database';
import { type AppliedUser, applyUsers, type ApplyUsersRequest } from './apply-users';

export interface ApplyInBatchesRequest extends ApplyUsersRequest {
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
  const batches = Array.from({ length: Math.ceil(users.length / batchSize) }, (_, i) =>
    users.slice(i * batchSize, (i + 1) * batchSize),
  );
  const results: AppliedUser[][] = new Array<AppliedUser[]>(batches.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < batches.length; i = next++) {
      const applied = await applyUsers(db, { ...rest, users: batches[i] ?? [] });
      if (retain) results[i] = applied;
      await onBatch?.(applied);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, batches.length) }, worker));
  return retain ? results.flat() : [];
}
