import type { Kysely } from 'kysely';
import { type Plan, planUser } from '@entra-sync/domain';
import type { Database } from '../../tables/database';
import { loadSyncContext, type SyncContext, type UserToApply } from '../load-plan-input';
import { batchLockKeys, lockBatch } from './batch-locks';
import { loadBatchWorld } from './batch-load';
import { type AppliedPlan, insertJournal, isNote, withoutRepeatedNotes } from './journal-rows';
import { writeLinks } from './link-rows';
import { loginChanges, writeLogins } from './login-rows';
import { mirrorDirectoryUsers } from './mirror-rows';
import { applyPlanEffects } from './plan-effects';
import { writeRecords } from './record-rows';

export interface ApplyUsersRequest {
  connectionId: string;
  /** applied in this order, as if one `syncUser` after the other */
  users: readonly UserToApply[];
  /** who caused it, for the audit log; default `sync` */
  actor?: string;
  /** ids of the records the batch creates; default `randomUUID` (tests pass a deterministic one) */
  newId?: () => string;
}

export interface AppliedUser {
  objectId: string;
  plan: Plan;
  /** the record the directory user is linked to afterwards, if any */
  recordId: string | null;
  /** whether a record or link was written (audit notes and the observation time do not count) */
  changed: boolean;
}

/**
 * The batch apply step inside the caller's transaction (READ COMMITTED, like `applyUser`): lock every key
 * at once → load every candidate at once → plan each user against the in-memory world → write the final
 * states set-based. Each object id must appear at most once (`applyUsers` splits batches that repeat one).
 */
export async function applyBatch(
  trx: Kysely<Database>,
  context: SyncContext,
  users: readonly UserToApply[],
  options: { actor?: string; newId?: () => string } = {},
): Promise<AppliedUser[]> {
  if (new Set(users.map((u) => u.observation.objectId)).size !== users.length) {
    throw new Error('applyBatch: an object id appears twice in one batch');
  }
  await lockBatch(trx, batchLockKeys(context.connectionId, users));
  const world = await loadBatchWorld(trx, context, users);

  const applied: AppliedPlan[] = [];
  const results: AppliedUser[] = [];
  for (const user of users) {
    const input = world.planInput(context, user);
    const plan = planUser(input);
    const effects = applyPlanEffects(world, plan, input.link?.record.id ?? null, options.newId);
    applied.push({ plan, entries: effects.entries });
    results.push({
      objectId: plan.objectId,
      plan,
      recordId: effects.recordId,
      changed: effects.entries.some((e) => !isNote(e)),
    });
  }

  const created = world.created();
  const changed = world.changed();
  await writeRecords(trx, created, changed);
  await writeLogins(trx, loginChanges(created, changed));
  await writeLinks(trx, context.connectionId, world.changedLinks(), world.isNewLink);
  await insertJournal(
    trx,
    options.actor ?? 'sync',
    await withoutRepeatedNotes(trx, context.connectionId, applied),
  );
  await mirrorDirectoryUsers(
    trx,
    context.connectionId,
    users.map((u) => u.observation),
  );
  return results;
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

const DEADLOCK = '40P01';
const ATTEMPTS = 3;

/**
 * Applies many directory users with the guarantees of `syncUser` (S3–S6, S4.4 idempotent, S4.5 stale,
 * D18) in one transaction per batch and a constant number of statements. A batch that names an object id
 * twice runs as consecutive transactions. A deadlock with a concurrent writer (rows the advisory locks do
 * not cover) retries the transaction; a unique violation rolls back and surfaces, like `syncUser`.
 */
export async function applyUsers(db: Kysely<Database>, request: ApplyUsersRequest): Promise<AppliedUser[]> {
  const results: AppliedUser[] = [];
  for (const run of splitRepeats(request.users)) {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const applied = await db.transaction().execute(async (trx) => {
          const context = await loadSyncContext(trx, request.connectionId);
          return applyBatch(trx, context, run, { actor: request.actor, newId: request.newId });
        });
        results.push(...applied);
        break;
      } catch (error) {
        if ((error as { code?: string }).code !== DEADLOCK || attempt >= ATTEMPTS) throw error;
      }
    }
  }
  return results;
}
