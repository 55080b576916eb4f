import type { SyncRun } from '@entra-sync/db';

export const syncRunView = (run: SyncRun) => ({
  id: run.id,
  connectionId: run.connectionId,
  status: run.status,
  counts: run.counts,
  startedAt: run.startedAt,
  finishedAt: run.finishedAt,
  error: run.error,
});
