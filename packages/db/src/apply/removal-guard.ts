import { type Kysely, sql } from 'kysely';
import {
  decideRemovals,
  type DirectoryObservation,
  type Link,
  type PersonRecord,
  recordKey,
  type RecordWorld,
  removalOf,
  removalReason,
  type RemovalKind,
  type UserToApply,
} from '@entra-sync/domain';
import { insertAuditEntries } from '../repositories/audit.repository';
import type { Database } from '../tables/database';
import { lockKey } from './locks';
import type { SyncContext } from './sync-context';

export interface RemovalWindowSettings {
  /** share (0–1) of the connection's synced users the window may remove before a confirmation (S8) */
  maxShare: number;
  /** length of the sliding window, in seconds */
  windowSeconds: number;
}

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

/** The connection's window lock: every decision and every approval of one connection takes it. */
export const windowLock = (connectionId: string): bigint => lockKey(`removal-window:${connectionId}`);

export async function lockWindow(trx: Kysely<Database>, connectionId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(${windowLock(connectionId).toString()}::bigint)`.execute(trx);
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
  const records = new Map(world.records().map((r) => [recordKey(r), r]));
  const candidates: Candidate[] = [];
  const others: string[] = [];
  for (const user of users) {
    const link = links.get(user.observation.objectId) ?? null;
    const record = link ? (records.get(recordKey({ kind: link.kind, id: link.recordId })) ?? null) : null;
    const removal = removalOf(user.observation, link, context.rules, record);
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
  await holdRemovals(trx, confirmationId, connectionId, arriving, world, guard);
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
      where c.id = h.confirmation_id and c.connection_id = ${connectionId}
        and c.status in ('pending', 'rejected') and h.object_id = any(${objectIds}::text[])
      returning h.confirmation_id)
    update removal_confirmations c set status = 'withdrawn', decided_at = now()
    where c.status = 'pending' and c.id in (select confirmation_id from dropped)
      and not exists (select 1 from held_removals h
        where h.confirmation_id = c.id and h.object_id <> all(${objectIds}::text[]))`.execute(trx);
}

interface WindowStateRow {
  pending: string | null;
  unconfirmed: number;
  left_scope: number;
  in_scope: number;
  kept: { object_id: string; confirmation_id: string }[];
}

/**
 * One statement: the pending confirmation, the window's removals by database time, the synced users in scope,
 * and the candidates an operator rejected for the same removal (kept until the directory changes them, M5).
 * Removals older than the window are pruned first.
 */
export async function windowState(
  trx: Kysely<Database>,
  connectionId: string,
  windowSeconds: number,
  candidates: readonly { objectId: string; removal: RemovalKind }[],
) {
  const since = sql`now() - make_interval(secs => ${windowSeconds})`;
  await sql`delete from removal_window where connection_id = ${connectionId} and removed_at <= ${since}`.execute(
    trx,
  );
  const ids = candidates.map((c) => c.objectId);
  const kinds = candidates.map((c) => c.removal);
  const { rows } = await sql<WindowStateRow>`
    select
      (select id from removal_confirmations where connection_id = ${connectionId} and status = 'pending') as pending,
      (select count(*)::int from removal_window where connection_id = ${connectionId}
        and confirmation_id is null) as unconfirmed,
      (select count(distinct w.object_id)::int from removal_window w
        join links k on k.connection_id = w.connection_id and k.object_id = w.object_id
        where w.connection_id = ${connectionId} and not k.in_scope) as left_scope,
      (select count(*)::int from links where connection_id = ${connectionId} and in_scope) as in_scope,
      (select coalesce(json_agg(json_build_object('object_id', h.object_id, 'confirmation_id', h.confirmation_id)), '[]')
        from unnest(${ids}::text[], ${kinds}::text[]) as x(object_id, removal)
        join held_removals h on h.connection_id = ${connectionId} and h.object_id = x.object_id
          and h.removal = x.removal
        join removal_confirmations c on c.id = h.confirmation_id and c.status = 'rejected') as kept`.execute(
    trx,
  );
  const row = rows[0] as WindowStateRow;
  return {
    ...row,
    inScope: row.in_scope,
    kept: row.kept.map((k) => [k.object_id, k.confirmation_id] as const),
  };
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

export interface OpenConfirmation {
  connectionId: string;
  source: string;
  runId: string | null;
  windowRemovals: number;
  synced: number;
}

/** Opens the connection's pending confirmation (the caller holds the window lock, so there is none yet). */
export async function openConfirmation(trx: Kysely<Database>, open: OpenConfirmation): Promise<string> {
  const { id } = await trx
    .insertInto('removal_confirmations')
    .values({
      connection_id: open.connectionId,
      source: open.source,
      run_id: open.runId,
      window_removals: open.windowRemovals,
      synced: open.synced,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertAuditEntries(trx, [
    {
      actor: open.runId ? `sync:full-sync:${open.runId}` : `sync:${open.source}`,
      connectionId: open.connectionId,
      objectId: null,
      recordKind: null,
      recordId: null,
      ruleId: null,
      action: 'sync.awaiting_confirmation',
      reason:
        `S8 safety stop (${open.source}): removing access would exceed the connection's limit within the ` +
        `window; further removals wait for confirmation ${id}`,
      before: null,
      after: { confirmationId: id, windowRemovals: open.windowRemovals, synced: open.synced },
    },
  ]);
  return id;
}

const nameOf = (r: PersonRecord | undefined): string | null =>
  [r?.firstName, r?.lastName].filter((p) => p).join(' ') || null;

/** The people a confirmation holds, with the observation that removes them; a newer one replaces the older. */
async function holdRemovals(
  trx: Kysely<Database>,
  confirmationId: string,
  connectionId: string,
  removals: readonly Candidate[],
  world: RecordWorld,
  guard: Extract<RemovalGuard, { mode: 'window' }>,
): Promise<void> {
  const records = new Map(world.records().map((r) => [recordKey(r), r]));
  await trx
    .insertInto('held_removals')
    .values(
      removals.map(({ user, link, removal }) => {
        const record = records.get(recordKey({ kind: link.kind, id: link.recordId }));
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

/** A held observation as the apply step takes it (dates come back from JSON as text). */
export function observationFromJson(json: Record<string, unknown>): DirectoryObservation {
  return { ...json, observedAt: new Date(json.observedAt as string) } as DirectoryObservation;
}
