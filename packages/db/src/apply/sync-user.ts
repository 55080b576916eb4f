import type { Kysely } from 'kysely';
import { type DirectoryObservation, type Plan, planUser, type Trigger } from '@entra-sync/domain';
import { mirrorDirectoryUser } from '../repositories/directory-mirror.repository';
import type { Database } from '../tables/database';
import { executePlan } from './execute-plan';
import { loadPlanInput, loadSyncContext, type SyncContext } from './load-plan-input';
import { lockUser, userLockKeys } from './user-locks';

export interface SyncUserRequest {
  connectionId: string;
  observation: DirectoryObservation;
  trigger: Trigger;
  /** who caused it, for the audit log; default `sync` */
  actor?: string;
}

export interface SyncUserResult {
  plan: Plan;
  recordId: string | null;
  changed: boolean;
}

/** Lock → load → plan → execute → mirror, inside a transaction the caller owns. */
export async function applyUser(
  trx: Kysely<Database>,
  context: SyncContext,
  request: Omit<SyncUserRequest, 'connectionId'>,
): Promise<SyncUserResult> {
  await lockUser(trx, userLockKeys(context.connectionId, request.observation));
  const loaded = await loadPlanInput(trx, context, request);
  const plan = planUser(loaded.input);
  const result = await executePlan(trx, loaded, plan, request.actor ?? 'sync');
  await mirrorDirectoryUser(trx, context.connectionId, request.observation);
  return { plan, ...result };
}

/**
 * The apply step for one directory user, in one transaction. Idempotent (S4.4): the same state twice
 * writes nothing the second time but the link's observation time. A unique violation (a duplicate
 * login or link the locks did not prevent) rolls back and surfaces as an error.
 */
export async function syncUser(db: Kysely<Database>, request: SyncUserRequest): Promise<SyncUserResult> {
  // READ COMMITTED (the default) on purpose: each statement after the lock sees what earlier lock
  // holders committed; a snapshot taken before the lock would not.
  return db.transaction().execute(async (trx) => {
    const context = await loadSyncContext(trx, request.connectionId);
    return applyUser(trx, context, request);
  });
}
