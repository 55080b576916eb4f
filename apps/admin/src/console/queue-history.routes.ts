import { QueueHistory as QueueHistoryResource } from '@entra-sync/api-contract';
import type { Api } from '../http/api-instance';
import type { QueueHistory } from './queue-history';

/** `GET /api/queues/history`: the in-memory samples of `GET /api/queues` over the last hour, oldest first. */
export function queueHistoryRoutes(api: Api, history: QueueHistory): void {
  const samples = {
    summary: 'Queue depth and lag over the last hour (W8)',
    response: { 200: QueueHistoryResource },
  };
  api.get('/queues/history', { schema: samples }, async () => ({
    intervalSeconds: history.intervalMs / 1000,
    windowSeconds: (history.intervalMs * history.capacity) / 1000,
    samples: history.list(),
  }));
}
