import {
  applyUsers,
  type AppliedUser,
  type Db,
  type RemovalWindowSettings,
  type UserToApply,
} from '@entra-sync/db';
import type { DirectoryObservation } from '@entra-sync/domain';
import { getObservations, OBSERVATIONS_PER_BATCH, type GraphClient } from '@entra-sync/graph';
import { Coalescer } from './coalescer';
import { observeUser } from './observe-user';

/** Applies: users per transaction and transactions in flight per connection and actor (P5). */
const APPLY = { maxBatch: 250, inFlight: 2 };
/** Observations: users per `$batch` (three reads each) and round trips in flight per connection (P5). */
const OBSERVE = { maxBatch: OBSERVATIONS_PER_BATCH, inFlight: 8 };

export interface UserApplyRequest {
  connectionId: string;
  /** who caused it, for the audit log (`sync:notification`, …) */
  actor: string;
  user: UserToApply;
}

/** The Graph read and the apply of `user.changed` jobs, each shared with the jobs ready at the same moment (P5). */
export interface UserBatches {
  observe(connectionId: string, client: GraphClient, objectId: string): Promise<DirectoryObservation>;
  apply(request: UserApplyRequest): Promise<AppliedUser>;
}

/**
 * `observationTime`: the database's clock, read before each Graph read (S4.5: never a worker host's clock).
 * `removals`: the S8 sliding window every apply of a user job decides its removals against (notifications,
 * delta, group changes alike); the job's source names the path in what a confirmation holds.
 */
export function createUserBatches(
  db: Db,
  observationTime: () => Promise<Date>,
  removals: RemovalWindowSettings,
): UserBatches {
  const observations = new Coalescer<GraphClient, string, DirectoryObservation>(
    (client, objectIds) => observeMany(client, objectIds, observationTime),
    OBSERVE,
    (objectId, observation) => observation.objectId === objectId,
  );
  const applies = new Coalescer<Omit<UserApplyRequest, 'user'>, UserToApply, AppliedUser>(
    ({ connectionId, actor }, users) =>
      applyUsers(db, {
        connectionId,
        actor,
        users,
        removals: { mode: 'window', settings: removals, source: actor.replace(/^sync:/, '') },
      }),
    APPLY,
    (user, applied) => applied.objectId === user.observation.objectId,
  );
  return {
    observe: (connectionId, client, objectId) => observations.submit(connectionId, client, objectId),
    apply: (request) =>
      applies.submit(`${request.connectionId}\u0000${request.actor}`, request, request.user),
  };
}

/**
 * Several users in one `$batch`; a user whose own reads failed (throttled, say) is read again alone through
 * observeUser, which knows how to wait out a 429 (Q3), so a storm on one item does not fail its neighbours.
 */
async function observeMany(
  client: GraphClient,
  objectIds: readonly string[],
  observationTime: () => Promise<Date>,
): Promise<DirectoryObservation[]> {
  if (objectIds.length === 1) return [await observeUser(client, objectIds[0] as string, observationTime)];
  const results = await getObservations(client, objectIds, await observationTime());
  return Promise.all(
    results.map((result, i) =>
      result instanceof Error ? observeUser(client, objectIds[i] as string, observationTime) : result,
    ),
  );
}
