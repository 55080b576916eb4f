import { type Kysely, type Selectable } from 'kysely';
import type { Database } from '../tables/database';
import type { SyncRunStatus, SyncRunTable } from '../tables/sync-run.table';

export interface SyncRun {
  id: string;
  connectionId: string;
  status: SyncRunStatus;
  counts: Record<string, number>;
  startedAt: Date;
  finishedAt: Date | null;
  error: string | null;
}

const toSyncRun = (row: Selectable<SyncRunTable>): SyncRun => ({
  id: row.id,
  connectionId: row.connection_id,
  status: row.status,
  counts: row.counts,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
  error: row.error,
});

export async function createSyncRun(db: Kysely<Database>, connectionId: string): Promise<SyncRun> {
  const row = await db
    .insertInto('sync_runs')
    .values({ connection_id: connectionId })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSyncRun(row);
}

export async function getSyncRun(db: Kysely<Database>, id: string): Promise<SyncRun | null> {
  const row = await db.selectFrom('sync_runs').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toSyncRun(row) : null;
}

export interface SyncRunPatch {
  status?: SyncRunStatus;
  counts?: Record<string, number>;
  finishedAt?: Date | null;
  error?: string | null;
}

export async function updateSyncRun(
  db: Kysely<Database>,
  id: string,
  patch: SyncRunPatch,
): Promise<SyncRun | null> {
  const row = await db
    .updateTable('sync_runs')
    .set({
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      ...(patch.counts !== undefined ? { counts: JSON.stringify(patch.counts) } : {}),
      ...(patch.finishedAt !== undefined ? { finished_at: patch.finishedAt } : {}),
      ...(patch.error !== undefined ? { error: patch.error } : {}),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row ? toSyncRun(row) : null;
}

/** A run not started yet: it will read the directory after now, so another one would add nothing. */
export async function hasQueuedSyncRun(db: Kysely<Database>, connectionId: string): Promise<boolean> {
  const row = await db
    .selectFrom('sync_runs')
    .select('id')
    .where('connection_id', '=', connectionId)
    .where('status', '=', 'queued')
    // a run queued long ago whose job was discarded must not block new ones forever
    .where('started_at', '>', new Date(Date.now() - 3600_000))
    .executeTakeFirst();
  return row !== undefined;
}
