import type { FastifyInstance } from 'fastify';
import { getSyncRun } from '@entra-sync/db';
import type { AdminContext } from '../context';
import { uuidParam } from '../http/params';
import { notFound, sendProblem } from '../http/problem';
import { syncRunView } from '../views/sync-run.view';

export function syncRunRoutes(app: FastifyInstance, ctx: AdminContext): void {
  app.get('/sync-runs/:runId', async (request, reply) => {
    const id = uuidParam(request, 'sync run', 'runId');
    const run = await getSyncRun(ctx.db, id);
    return run ? syncRunView(run) : sendProblem(reply, notFound('sync run', id));
  });
}
