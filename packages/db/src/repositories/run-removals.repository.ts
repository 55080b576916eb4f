import { type Kysely, sql } from 'kysely';
import {
  decideRemovals,
  type RecordAccess,
  type RemovalDecision,
  type RemovalKind,
} from '@entra-sync/domain';
import {
  lockWindow,
  openConfirmation,
  type RemovalWindowSettings,
  windowState,
} from '../apply/removal-window';
import type { Database } from '../tables/database';

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
