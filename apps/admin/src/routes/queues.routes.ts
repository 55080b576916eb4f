import type { FastifyInstance } from 'fastify';
import { queueStats } from '@entra-sync/queues';
import type { AdminContext } from '../context';

export function queueRoutes(app: FastifyInstance, ctx: AdminContext): void {
  // every catalog queue, always: a fixed list, so no cursor
  app.get('/queues', async () => ({ items: await queueStats(ctx.producer), nextCursor: null }));
}
