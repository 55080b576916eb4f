import { createSyncRun, getSyncRun, type Db, type SyncRun } from '@entra-sync/db';
import { jobId, type Producer } from '@entra-sync/queues';

/** S8 "Sync" for the demo connection, as the admin API starts one: a sync run row, then the `full-sync` job. */
export async function startInitialSync(db: Db, producer: Producer, connectionId: string): Promise<string> {
  const run = await createSyncRun(db, connectionId);
  await producer.add(
    'fullSync',
    'sync.run',
    { connectionId, runId: run.id },
    { jobId: jobId('sync', run.id) },
  );
  return run.id;
}

/**
 * Whether the worker will create this connection's subscriptions by itself soon: it does when it writes the
 * connection's schedule at boot (its first run is immediate), not when a schedule from an earlier run exists
 * (next run in hours). Asked before the worker starts.
 */
export async function workerWillSubscribe(producer: Producer, connectionId: string): Promise<boolean> {
  const schedulers = await producer.schedulers('subscriptions');
  return !schedulers.has(jobId('subscriptions', connectionId));
}

const FINISHED = new Set<SyncRun['status']>(['succeeded', 'failed', 'awaiting_confirmation']);

/** Polls the run until it is finished (or `signal` aborts); null on abort or timeout. */
export async function waitForSyncRun(
  db: Db,
  runId: string,
  options: { timeoutMs: number; intervalMs?: number; signal: AbortSignal },
): Promise<SyncRun | null> {
  const deadline = Date.now() + options.timeoutMs;
  while (!options.signal.aborted && Date.now() < deadline) {
    const run = await getSyncRun(db, runId);
    if (run && FINISHED.has(run.status)) return run;
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 2000));
  }
  return null;
}
