import type { SyncRun as SyncRunResource } from '@entra-sync/api-contract';
import type { SyncRun } from '@entra-sync/db';
import type { z } from 'zod';

export const syncRunView = (run: SyncRun): z.output<typeof SyncRunResource> => ({
  id: run.id,
  connectionId: run.connectionId,
  status: run.status,
  counts: run.counts,
  startedAt: run.startedAt,
  finishedAt: run.finishedAt,
  error: run.error,
});
