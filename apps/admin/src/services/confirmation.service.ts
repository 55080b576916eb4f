import type { Value, Confirmation as ConfirmationResource } from '@entra-sync/api-contract';
import {
  decideConfirmation,
  listConfirmations,
  listConnections,
  type Confirmation,
  type ConfirmationQuery,
  type ConfirmationStatus,
  type Db,
} from '@entra-sync/db';

export type ConfirmationView = Value<typeof ConfirmationResource>;

export type DecideOutcome =
  | { kind: 'decided'; confirmation: ConfirmationView; applied: number }
  | { kind: 'not-found' }
  | { kind: 'not-pending'; status: ConfirmationStatus }
  | { kind: 'count-changed'; seen: number; count: number };

async function viewsOf(db: Db, confirmations: readonly Confirmation[]): Promise<ConfirmationView[]> {
  const names = new Map((await listConnections(db)).map((c) => [c.id, c.name]));
  return confirmations.map((c) => ({ ...c, connectionName: names.get(c.connectionId) ?? c.connectionId }));
}

/** S8: the pending decisions (or decided ones, by status), newest first, with the people each holds. */
export async function confirmationsOf(db: Db, query: ConfirmationQuery): Promise<ConfirmationView[]> {
  return viewsOf(db, await listConfirmations(db, query));
}

/** S8: approve (apply the held removals) or reject (access stays) what the operator saw, audited as `actor`. */
export async function decide(
  db: Db,
  request: { id: string; decision: 'approve' | 'reject'; count: number; actor: string },
): Promise<DecideOutcome> {
  const outcome = await decideConfirmation(db, request);
  if (outcome.kind !== 'decided') return outcome;
  const [confirmation] = await viewsOf(db, [outcome.confirmation]);
  return { kind: 'decided', confirmation: confirmation as ConfirmationView, applied: outcome.applied };
}
