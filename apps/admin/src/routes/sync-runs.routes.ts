import { SyncRun } from '@entra-sync/api-contract';
import { getSyncRun } from '@entra-sync/db';
import type { AdminContext } from '../context';
import type { Api } from '../http/api-instance';
import { uuidParam } from '../http/params';
import { notFound, sendProblem } from '../http/problem';
import { syncRunView } from '../views/sync-run.view';

export function syncRunRoutes(app: Api, ctx: AdminContext): void {
  const one = { summary: "A sync run's progress and counts", response: { 200: SyncRun } };
  app.get('/sync-runs/:runId', { schema: one }, async (request, reply) => {
    const id = uuidParam(request, 'sync run', 'runId');
    const run = await getSyncRun(ctx.db, id);
    return run ? syncRunView(run) : sendProblem(reply, notFound('sync run', id));
  });
}
