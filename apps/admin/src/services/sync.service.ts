import {
  createSyncRun,
  getConnection,
  listConnections,
  updateSyncRun,
  type Db,
  type SyncRun,
} from '@entra-sync/db';
import { jobId, type JobInput, type Producer } from '@entra-sync/queues';

/** What asked for a run; a confirmation the run opens names it (S8). */
export type SyncCause = NonNullable<JobInput<'fullSync', 'sync.run'>['cause']>;
import { scrubSecrets } from '@entra-sync/telemetry';

export type StartSyncOutcome =
  | { kind: 'started'; run: SyncRun }
  | { kind: 'not-found' }
  | { kind: 'disabled' }
  | { kind: 'queue-unavailable'; message: string };

export interface SyncDeps {
  db: Db;
  producer: Producer;
}

/**
 * S8: a sync run row, then the `full-sync` job that fills it. When Redis refuses the job the run is closed as
 * failed, so no run waits forever for a job that never existed.
 */
export async function startSync(
  deps: SyncDeps,
  connectionId: string,
  cause: SyncCause = 'manual',
): Promise<StartSyncOutcome> {
  const connection = await getConnection(deps.db, connectionId);
  if (!connection) return { kind: 'not-found' };
  if (connection.status === 'disabled') return { kind: 'disabled' };
  const run = await createSyncRun(deps.db, connectionId);
  try {
    await deps.producer.add(
      'fullSync',
      'sync.run',
      { connectionId, runId: run.id, cause },
      { jobId: jobId('sync', run.id) },
    );
  } catch (err) {
    const message = scrubSecrets(err instanceof Error ? err.message : String(err));
    await updateSyncRun(deps.db, run.id, {
      status: 'failed',
      error: `could not enqueue the sync: ${message}`,
      finishedAt: new Date(),
    });
    return { kind: 'queue-unavailable', message };
  }
  return { kind: 'started', run };
}

/**
 * A rule or default change re-evaluates the users it may affect (D1 `reconcile`, D19): a full sync of the
 * connection. Disabled connections spend no work (S7.3); they reconcile when enabled again.
 */
export async function resyncAfterChange(
  deps: SyncDeps,
  connectionId: string,
  cause: Exclude<SyncCause, 'manual' | 'baseline'>,
): Promise<string | null> {
  const outcome = await startSync(deps, connectionId, cause);
  return outcome.kind === 'started' ? outcome.run.id : null;
}

export async function resyncAll(deps: SyncDeps): Promise<string[]> {
  const ids: string[] = [];
  for (const connection of await listConnections(deps.db)) {
    if (connection.status === 'disabled') continue;
    const runId = await resyncAfterChange(deps, connection.id, 'defaults-change');
    if (runId) ids.push(runId);
  }
  return ids;
}
