import type { Kysely, Selectable } from 'kysely';
import type { RemovalKind } from '@entra-sync/domain';
import type { Database } from '../tables/database';
import type {
  ConfirmationStatus,
  HeldRemovalTable,
  RemovalConfirmationTable,
} from '../tables/removal-guard.table';

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
