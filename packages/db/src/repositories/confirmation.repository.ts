import { type Kysely, type Selectable, sql } from 'kysely';
import {
  decideRemovals,
  type RecordAccess,
  type RemovalDecision,
  type RemovalKind,
} from '@entra-sync/domain';
import { applyInBatches } from '../apply/apply-in-batches';
import {
  lockWindow,
  observationFromJson,
  openConfirmation,
  type RemovalWindowSettings,
  windowState,
} from '../apply/removal-guard';
import type { Database } from '../tables/database';
import type {
  ConfirmationStatus,
  HeldRemovalTable,
  RemovalConfirmationTable,
} from '../tables/removal-guard.table';
import { insertAuditEntries } from './audit.repository';

export type { ConfirmationStatus };

export interface HeldRemoval {
  objectId: string;
  removal: RemovalKind;
  reason: string;
  source: string;
  runId: string | null;
  recordKind: 'employee' | 'contact';
  recordId: string;
  displayName: string | null;
  email: string | null;
  heldAt: Date;
  appliedAt: Date | null;
}

export interface Confirmation {
  id: string;
  connectionId: string;
  status: ConfirmationStatus;
  source: string;
  runId: string | null;
  /** people it holds now (or held when decided) */
  count: number;
  windowRemovals: number;
  synced: number;
  openedAt: Date;
  decidedAt: Date | null;
  decidedBy: string | null;
  decidedCount: number | null;
  removals: HeldRemoval[];
}

const toHeld = (row: Selectable<HeldRemovalTable>): HeldRemoval => ({
  objectId: row.object_id,
  removal: row.removal,
  reason: row.reason,
  source: row.source,
  runId: row.run_id,
  recordKind: row.record_kind,
  recordId: row.record_id,
  displayName: row.display_name,
  email: row.email,
  heldAt: row.held_at,
  appliedAt: row.applied_at,
});

async function withRemovals(
  db: Kysely<Database>,
  rows: readonly Selectable<RemovalConfirmationTable>[],
): Promise<Confirmation[]> {
  if (rows.length === 0) return [];
  const held = await db
    .selectFrom('held_removals')
    .selectAll()
    .where(
      'confirmation_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('held_at')
    .orderBy('object_id')
    .execute();
  return rows.map((row) => {
    const removals = held.filter((h) => h.confirmation_id === row.id).map(toHeld);
    return {
      id: row.id,
      connectionId: row.connection_id,
      status: row.status,
      source: row.source,
      runId: row.run_id,
      count: removals.length,
      windowRemovals: row.window_removals,
      synced: row.synced,
      openedAt: row.opened_at,
      decidedAt: row.decided_at,
      decidedBy: row.decided_by,
      decidedCount: row.decided_count,
      removals,
    };
  });
}

export interface ConfirmationQuery {
  /** default `pending` */
  status?: ConfirmationStatus;
  connectionId?: string;
}

/** GET /api/confirmations: newest first, with the people each would remove. */
export async function listConfirmations(
  db: Kysely<Database>,
  query: ConfirmationQuery = {},
): Promise<Confirmation[]> {
  const rows = await db
    .selectFrom('removal_confirmations')
    .selectAll()
    .where('status', '=', query.status ?? 'pending')
    .$if(query.connectionId !== undefined, (qb) => qb.where('connection_id', '=', query.connectionId ?? ''))
    .orderBy('opened_at', 'desc')
    .limit(100)
    .execute();
  return withRemovals(db, rows);
}

export async function getConfirmation(db: Kysely<Database>, id: string): Promise<Confirmation | null> {
  const rows = await db.selectFrom('removal_confirmations').selectAll().where('id', '=', id).execute();
  return (await withRemovals(db, rows))[0] ?? null;
}

export interface RunRemovals {
  connectionId: string;
  runId: string;
  /** the path a confirmation it opens names: `full-sync`, `rule-change`, … */
  source: string;
  removals: readonly { objectId: string; removal: RemovalKind }[];
  settings: RemovalWindowSettings;
}

/**
 * S8 for a full sync (M3): the run's removals are decided together, before any is applied, against the same
 * window. Above the threshold the connection's confirmation opens (or the pending one is joined), so the run's
 * apply holds every removal and applies everything else.
 */
export async function checkRunRemovals(
  db: Kysely<Database>,
  run: RunRemovals,
): Promise<RemovalDecision & { confirmationId: string | null }> {
  return db.transaction().execute(async (trx) => {
    await lockWindow(trx, run.connectionId);
    const state = await windowState(trx, run.connectionId, run.settings.windowSeconds, run.removals);
    const kept = new Set(state.kept.map(([objectId]) => objectId));
    const arriving = run.removals.filter((r) => !kept.has(r.objectId)).length;
    const decision = decideRemovals(
      arriving,
      {
        unconfirmed: state.unconfirmed,
        leftScope: state.left_scope,
        inScope: state.inScope,
        pending: !!state.pending,
      },
      run.settings.maxShare,
    );
    if (!decision.hold) return { ...decision, confirmationId: null };
    const confirmationId =
      state.pending ??
      (await openConfirmation(trx, {
        connectionId: run.connectionId,
        source: run.source,
        runId: run.runId,
        windowRemovals: state.unconfirmed,
        synced: decision.synced,
      }));
    return { ...decision, confirmationId };
  });
}

export type ConfirmationDecision =
  | { kind: 'decided'; confirmation: Confirmation; applied: number }
  | { kind: 'not-found' }
  | { kind: 'not-pending'; status: ConfirmationStatus }
  | { kind: 'count-changed'; seen: number; count: number };

export interface DecideConfirmation {
  id: string;
  decision: 'approve' | 'reject';
  /** the number of people the operator saw */
  count: number;
  /** who decided, for the audit log */
  actor: string;
}

/**
 * S8: an operator approves (the held removals are applied, M4) or rejects (access stays, M5) what they saw:
 * under the window lock the count must still be the one they name, or nothing is decided. An approval whose
 * apply was cut short resumes when approved again with the same count.
 */
export async function decideConfirmation(
  db: Kysely<Database>,
  request: DecideConfirmation,
): Promise<ConfirmationDecision> {
  const found = await db
    .selectFrom('removal_confirmations')
    .select(['connection_id', 'status', 'decided_count'])
    .where('id', '=', request.id)
    .executeTakeFirst();
  if (!found) return { kind: 'not-found' };
  const resumes =
    found.status === 'approved' && request.decision === 'approve' && found.decided_count === request.count;
  if (found.status !== 'pending' && !resumes) return { kind: 'not-pending', status: found.status };
  if (!resumes) {
    const outcome = await db.transaction().execute(async (trx) => {
      await lockWindow(trx, found.connection_id);
      const { count } = await trx
        .selectFrom('held_removals')
        .select(sql<number>`count(*)::int`.as('count'))
        .where('confirmation_id', '=', request.id)
        .executeTakeFirstOrThrow();
      const status = await trx
        .selectFrom('removal_confirmations')
        .select('status')
        .where('id', '=', request.id)
        .executeTakeFirstOrThrow();
      if (status.status !== 'pending') return { kind: 'not-pending' as const, status: status.status };
      if (count !== request.count) return { kind: 'count-changed' as const, seen: request.count, count };
      await trx
        .updateTable('removal_confirmations')
        .set({
          status: request.decision === 'approve' ? 'approved' : 'rejected',
          decided_at: sql`now()`,
          decided_by: request.actor,
          decided_count: count,
        })
        .where('id', '=', request.id)
        .execute();
      await insertAuditEntries(trx, [
        {
          actor: request.actor,
          connectionId: found.connection_id,
          objectId: null,
          recordKind: null,
          recordId: null,
          ruleId: null,
          action: request.decision === 'approve' ? 'confirmation.approved' : 'confirmation.rejected',
          reason:
            request.decision === 'approve'
              ? `S8 ${request.actor} approved removing access from the ${count} people confirmation ${request.id} held`
              : `S8 ${request.actor} rejected confirmation ${request.id}: the ${count} people it held keep their access until the directory changes them`,
          before: null,
          after: { confirmationId: request.id, count },
        },
      ]);
      return null;
    });
    if (outcome) return outcome;
  }
  const applied = request.decision === 'approve' ? await applyApproved(db, request.id, request.actor) : 0;
  const confirmation = await getConfirmation(db, request.id);
  return { kind: 'decided', confirmation: confirmation as Confirmation, applied };
}

/** The held observations not applied yet, through the apply step as confirmed removals. */
async function applyApproved(db: Kysely<Database>, id: string, actor: string): Promise<number> {
  const rows = await db
    .selectFrom('held_removals')
    .select(['connection_id', 'observation'])
    .where('confirmation_id', '=', id)
    .where('applied_at', 'is', null)
    .orderBy('held_at')
    .execute();
  const connectionId = rows[0]?.connection_id;
  if (!connectionId) return 0;
  await applyInBatches(db, {
    connectionId,
    users: rows.map((r) => ({ observation: observationFromJson(r.observation), trigger: 'change' as const })),
    actor: `${actor} (confirmation ${id})`,
    removals: { mode: 'approved', confirmationId: id },
    retain: false,
  });
  return rows.length;
}

/** S8: what the records linked to these directory users still have to lose (status, login, root), by object id. */
export async function linkedRecordAccess(
  db: Kysely<Database>,
  connectionId: string,
  objectIds: readonly string[],
): Promise<Map<string, RecordAccess>> {
  if (objectIds.length === 0) return new Map();
  const { rows } = await sql<{
    object_id: string;
    status: string;
    is_root: boolean;
    portal_access: boolean;
    enabled: boolean | null;
  }>`
    select k.object_id, coalesce(c.status, e.status) as status, coalesce(e.is_root, false) as is_root,
      coalesce(c.portal_access, false) as portal_access, l.enabled
    from links k
    left join contacts c on k.kind = 'contact' and c.id = k.record_id
    left join employees e on k.kind = 'employee' and e.id = k.record_id
    left join logins l on l.contact_id = c.id or l.employee_id = e.id
    where k.connection_id = ${connectionId} and k.object_id = any(${objectIds}::text[])`.execute(db);
  return new Map(
    rows.map((r) => [
      r.object_id,
      {
        status: r.status,
        isRoot: r.is_root,
        portalAccess: r.portal_access,
        login: r.enabled === null ? null : { enabled: r.enabled },
      },
    ]),
  );
}
