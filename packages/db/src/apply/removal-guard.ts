import { type Kysely, sql } from 'kysely';
import {
  decideRemovals,
  type Link,
  type PersonRecord,
  recordKey,
  type RecordWorld,
  removalOf,
  removalReason,
  type RemovalKind,
  type UserToApply,
} from '@entra-sync/domain';
import type { Database } from '../tables/database';
import { lockWindow, openConfirmation, type RemovalWindowSettings, windowState } from './removal-window';
import type { SyncContext } from './sync-context';

export type { RemovalWindowSettings };

/**
 * S8 on every path: `window` decides per batch against the connection's sliding window (M1); `approved` applies
 * what an operator confirmed (each removal enters the window as confirmed, M4).
 */
export type RemovalGuard =
  | { mode: 'window'; settings: RemovalWindowSettings; source: string; runId?: string | null }
  | { mode: 'approved'; confirmationId: string };

interface Candidate {
  user: UserToApply;
  link: Link;
  removal: RemovalKind;
}

/** Why a user is not applied now: a pending confirmation holds the removal, or a rejected one keeps access. */
export interface Withheld {
  confirmationId: string;
  kept: boolean;
}

/**
 * Runs inside the apply transaction once the batch's records are loaded. Returns the users that must not be
 * applied now, each with the confirmation that holds (or, rejected, keeps) them; the rest are applied.
 */
export async function guardRemovals(
  trx: Kysely<Database>,
  context: SyncContext,
  world: RecordWorld,
  users: readonly UserToApply[],
  guard: RemovalGuard,
): Promise<Map<string, Withheld>> {
  const { connectionId } = context;
  const links = new Map(
    world
      .links()
      .filter((l) => l.connectionId === connectionId)
      .map((l) => [l.objectId, l]),
  );
  // the batch's records are looked at only when one of its users would lose access by its link
  let records: Map<string, PersonRecord> | null = null;
  const recordOf = (link: Link): PersonRecord | null => {
    records ??= new Map(world.records().map((r) => [recordKey(r), r]));
    return records.get(recordKey({ kind: link.kind, id: link.recordId })) ?? null;
  };
  const candidates: Candidate[] = [];
  const others: string[] = [];
  for (const user of users) {
    const link = links.get(user.observation.objectId) ?? null;
    const removal =
      link && removalOf(user.observation, link, context.rules)
        ? removalOf(user.observation, link, context.rules, recordOf(link))
        : null;
    if (link && removal) candidates.push({ user, link, removal });
    else others.push(user.observation.objectId);
  }
  if (guard.mode === 'approved') {
    await recordInWindow(trx, connectionId, candidates, guard.confirmationId);
    await trx
      .updateTable('held_removals')
      .set({ applied_at: sql`now()` })
      .where('confirmation_id', '=', guard.confirmationId)
      .where(
        'object_id',
        'in',
        users.map((u) => u.observation.objectId),
      )
      .execute();
    return new Map();
  }
  if (others.length > 0) await releaseHeld(trx, connectionId, others);
  if (candidates.length === 0) return new Map();

  await lockWindow(trx, connectionId);
  const state = await windowState(
    trx,
    connectionId,
    guard.settings.windowSeconds,
    candidates.map((c) => ({ objectId: c.user.observation.objectId, removal: c.removal })),
  );
  const held = new Map<string, Withheld>(
    state.kept.map(([objectId, confirmationId]) => [objectId, { confirmationId, kept: true }]),
  );
  const arriving = candidates.filter((c) => !held.has(c.user.observation.objectId));
  const decision = decideRemovals(
    arriving.length,
    {
      unconfirmed: state.unconfirmed,
      leftScope: state.left_scope,
      inScope: state.inScope,
      pending: !!state.pending,
    },
    guard.settings.maxShare,
  );
  if (!decision.hold) {
    await recordInWindow(trx, connectionId, arriving, null);
    return held;
  }
  const confirmationId =
    state.pending ??
    (await openConfirmation(trx, {
      connectionId,
      source: guard.source,
      runId: guard.runId ?? null,
      windowRemovals: state.unconfirmed,
      synced: decision.synced,
    }));
  await holdRemovals(trx, confirmationId, connectionId, arriving, recordOf, guard);
  for (const c of arriving) held.set(c.user.observation.objectId, { confirmationId, kept: false });
  return held;
}

/**
 * S8: a held user seen again without a removal (back in scope, enabled, restored) drops out of the pending
 * confirmation, and a rejected one is no longer kept (M5); a confirmation left with nobody is withdrawn.
 */
async function releaseHeld(trx: Kysely<Database>, connectionId: string, objectIds: readonly string[]) {
  await sql`
    with dropped as (
      delete from held_removals h using removal_confirmations c
      where h.connection_id = ${connectionId} and c.id = h.confirmation_id
        and c.status in ('pending', 'rejected') and h.object_id = any(${objectIds}::text[])
      returning h.confirmation_id)
    update removal_confirmations c set status = 'withdrawn', decided_at = now()
    where c.status = 'pending' and c.id in (select confirmation_id from dropped)
      and not exists (select 1 from held_removals h
        where h.confirmation_id = c.id and h.object_id <> all(${objectIds}::text[]))`.execute(trx);
}

async function recordInWindow(
  trx: Kysely<Database>,
  connectionId: string,
  removals: readonly Candidate[],
  confirmationId: string | null,
): Promise<void> {
  if (removals.length === 0) return;
  await trx
    .insertInto('removal_window')
    .values(
      removals.map((c) => ({
        connection_id: connectionId,
        object_id: c.user.observation.objectId,
        confirmation_id: confirmationId,
      })),
    )
    .execute();
}

const nameOf = (r: PersonRecord | undefined): string | null =>
  [r?.firstName, r?.lastName].filter((p) => p).join(' ') || null;

/** The people a confirmation holds, with the observation that removes them; a newer one replaces the older. */
async function holdRemovals(
  trx: Kysely<Database>,
  confirmationId: string,
  connectionId: string,
  removals: readonly Candidate[],
  recordOf: (link: Link) => PersonRecord | null,
  guard: Extract<RemovalGuard, { mode: 'window' }>,
): Promise<void> {
  await trx
    .insertInto('held_removals')
    .values(
      removals.map(({ user, link, removal }) => {
        const record = recordOf(link) ?? undefined;
        return {
          confirmation_id: confirmationId,
          connection_id: connectionId,
          object_id: user.observation.objectId,
          removal,
          reason: removalReason(removal),
          source: guard.source,
          run_id: guard.runId ?? null,
          record_kind: link.kind,
          record_id: link.recordId,
          display_name: nameOf(record),
          email: record?.email ?? null,
          observation: JSON.stringify(user.observation),
        };
      }),
    )
    .onConflict((oc) =>
      oc.columns(['confirmation_id', 'object_id']).doUpdateSet((eb) => ({
        removal: eb.ref('excluded.removal'),
        reason: eb.ref('excluded.reason'),
        source: eb.ref('excluded.source'),
        run_id: eb.ref('excluded.run_id'),
        observation: eb.ref('excluded.observation'),
        held_at: sql`now()`,
      })),
    )
    .execute();
}
