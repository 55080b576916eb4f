import type { FastifyInstance } from 'fastify';
import type { QueueHistory } from './queue-history';

/** `GET /api/queues/history`: the in-memory samples of `GET /api/queues` over the last hour, oldest first. */
export function queueHistoryRoutes(api: FastifyInstance, history: QueueHistory): void {
  api.get('/queues/history', async () => ({
    intervalSeconds: history.intervalMs / 1000,
    windowSeconds: (history.intervalMs * history.capacity) / 1000,
    samples: history.list(),
  }));
}
