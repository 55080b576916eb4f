import type { Kysely } from 'kysely';
import type { DirectoryObservation, Trigger } from '@entra-sync/domain';
import type { Database } from '../tables/database';
import type { AppliedUser } from './apply-batch';
import { applyUsers } from './apply-users';

export interface SyncUserRequest {
  connectionId: string;
  observation: DirectoryObservation;
  trigger: Trigger;
  /** who caused it, for the audit log; default `sync` */
  actor?: string;
}

/** One directory user through the batch apply, in a transaction of its own (S4.4: the same state twice writes nothing). */
export async function syncUser(db: Kysely<Database>, request: SyncUserRequest): Promise<AppliedUser> {
  const { observation, trigger, ...rest } = request;
  const [applied] = await applyUsers(db, { ...rest, users: [{ observation, trigger }] });
  if (!applied) throw new Error(`syncUser: ${observation.objectId} was not applied`);
  return applied;
}
