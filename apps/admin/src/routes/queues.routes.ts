import { QueueStatsPage } from '@entra-sync/api-contract';
import { queueStats } from '@entra-sync/queues';
import type { AdminContext } from '../context';
import type { Api } from '../http/api-instance';

export function queueRoutes(app: Api, ctx: AdminContext): void {
  // every catalog queue, always: a fixed list, so no cursor
  const stats = { summary: 'Depth and lag per queue', response: { 200: QueueStatsPage } };
  app.get('/queues', { schema: stats }, async () => ({
    items: await queueStats(ctx.producer),
    nextCursor: null,
  }));
}
