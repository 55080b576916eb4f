import { type Kysely, sql } from 'kysely';
import type { DirectoryObservation, RemovalKind } from '@entra-sync/domain';
import { insertAuditEntries } from '../repositories/audit.repository';
import type { Database } from '../tables/database';
import { lockKey } from './locks';

export interface RemovalWindowSettings {
  /** share (0–1) of the connection's synced users the window may remove before a confirmation (S8) */
  maxShare: number;
  /** length of the sliding window, in seconds */
  windowSeconds: number;
}

/** The connection's window lock: every decision and every approval of one connection takes it. */
export const windowLock = (connectionId: string): bigint => lockKey(`removal-window:${connectionId}`);

export async function lockWindow(trx: Kysely<Database>, connectionId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(${windowLock(connectionId).toString()}::bigint)`.execute(trx);
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

/** A held observation as the apply step takes it (dates come back from JSON as text). */
export function observationFromJson(json: Record<string, unknown>): DirectoryObservation {
  return { ...json, observedAt: new Date(json.observedAt as string) } as DirectoryObservation;
}
