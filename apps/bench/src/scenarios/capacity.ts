import { syncedUsers } from '../infra/changes';
import { bareHttpAcceptRate } from '../limits/bare-http';
import { loadInProcess } from '../load/load-process';
import { peakRate } from '../load/peak-rate';
import { GENERATOR_WARM_UP_MS, notificationBody } from './changes';
import type { SyncedStack } from './synced-stack';

export interface CapacityFigures {
  /** with the workers paused: the receiver's own peak rate, held against the bare server's */
  receiverPerSecond: number;
  /** the concurrency of the receiver's peak */
  receiverConnections: number;
  /** with the workers applying what it accepts, on the same cores */
  receiverWhileApplyingPerSecond: number;
  bareHttpPerSecond: number;
  /** the concurrency of the bare server's peak */
  bareHttpConnections: number;
  ratio: number;
  receiverRejected: number;
}

/** the one closed loop while the workers apply (a measure of how the cores are shared, not a capacity) */
const APPLYING_CONNECTIONS = 32;

/**
 * The receiver's accept rate with durable enqueue (every job acknowledged by Redis before the 202) against a bare
 * node:http server's for the same requests (decision N12): first with the workers applying what it accepts (on the
 * same two cores), then with the queues paused, like for like with the bare server, which has no workers either.
 * Both capacities are peaks over the same sweep of concurrencies (N14).
 */
export async function receiverCapacity(
  s: SyncedStack,
  durationMs: number,
  sweep: readonly number[],
): Promise<CapacityFigures> {
  const users = await syncedUsers(s.stack.db, s.tenant.connectionId);
  const body = await notificationBody(s);
  const request = { durationMs, bodies: users.map(body), warmUpMs: GENERATOR_WARM_UP_MS };
  const url = `${s.stack.receiverUrl}/graph/notifications`;
  const applying = await loadInProcess({
    loop: 'closed',
    url,
    ...request,
    connections: APPLYING_CONNECTIONS,
  });
  await s.stack.pauseQueues(true);
  try {
    const receiver = await peakRate(sweep, (connections) =>
      loadInProcess({ loop: 'closed', url, ...request, connections }),
    );
    const bare = await bareHttpAcceptRate({ ...request, connections: sweep });
    return {
      receiverPerSecond: receiver.okPerSecond,
      receiverConnections: receiver.connections,
      receiverWhileApplyingPerSecond: applying.okPerSecond,
      bareHttpPerSecond: bare.okPerSecond,
      bareHttpConnections: bare.connections,
      ratio: receiver.okPerSecond / bare.okPerSecond,
      receiverRejected: receiver.failedInSweep + applying.failed,
    };
  } finally {
    await s.stack.pauseQueues(false);
  }
}
