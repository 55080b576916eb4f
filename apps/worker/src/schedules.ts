import { listConnections, type Db } from '@entra-sync/db';
import { jobId, type Producer } from '@entra-sync/queues';

const SUBSCRIPTION_CHECK_MS = 6 * 3600_000;

export interface ScheduleEnv {
  DELTA_INTERVAL_SECONDS: number;
  RECONNECT_SECONDS: number;
}

interface Wanted {
  key: 'delta' | 'connectionHealth' | 'subscriptions';
  name: string;
  everyMs: number;
  data: { connectionId: string };
}

/**
 * Per connection: the delta backstop, the reconnect probe and the subscription check as BullMQ job schedulers.
 * Idempotent, so every worker process runs it at boot and every minute: a scheduler is written only when it is
 * missing or its period changed (rewriting one would push its next run back), and schedulers of removed or
 * disabled connections are dropped.
 */
export async function syncSchedules(db: Db, producer: Producer, env: ScheduleEnv): Promise<number> {
  const active = (await listConnections(db)).filter((c) => c.status !== 'disabled');
  const wanted = new Map<string, Wanted>();
  for (const { id } of active) {
    const data = { connectionId: id };
    wanted.set(jobId('delta', id), {
      key: 'delta',
      name: 'delta.run',
      everyMs: env.DELTA_INTERVAL_SECONDS * 1000,
      data,
    });
    wanted.set(jobId('reconnect', id), {
      key: 'connectionHealth',
      name: 'connection.reconnect',
      everyMs: env.RECONNECT_SECONDS * 1000,
      data,
    });
    wanted.set(jobId('subscriptions', id), {
      key: 'subscriptions',
      name: 'subscriptions.ensure',
      everyMs: SUBSCRIPTION_CHECK_MS,
      data,
    });
  }
  for (const key of ['delta', 'connectionHealth', 'subscriptions'] as const) {
    const existing = await producer.schedulers(key);
    for (const [id, every] of existing) {
      if (wanted.get(id)?.key !== key) await producer.unschedule(key, id);
      else if (wanted.get(id)?.everyMs === every) wanted.delete(id);
    }
  }
  for (const [id, w] of wanted)
    await producer.schedule(w.key, w.name as never, id, w.everyMs, w.data as never);
  return active.length;
}
