import type { QueueKey } from '@entra-sync/queues';
import type { Fleet } from './fleet';
import { waitFor } from './wait';

/**
 * The queues in the order work flows through them. A job adds its follow-up jobs before it completes (and BullMQ
 * moves a job to `delayed` or re-adds a kept duplicate in the same script that finishes it), so reading upstream
 * first cannot miss work that moves downstream between two reads.
 */
const FLOW: readonly QueueKey[] = [
  'connectionHealth',
  'subscriptions',
  'delta',
  'fullSync',
  'groupSync',
  'userSync',
];
/** queues with job schedulers: their next tick waits in `delayed` and is not pending work */
const SCHEDULED = new Set<QueueKey>(['connectionHealth', 'subscriptions', 'delta']);

/**
 * What the fleet still has to do, upstream first; empty when it has settled. The emulator comes first: a change
 * is batched for 25 ms, then POSTed, and the receiver answers only after its job is in Redis.
 */
export async function pendingWork(fleet: Fleet): Promise<string[]> {
  const pending: string[] = [];
  const deliveries = fleet.emulator.pendingNotifications();
  if (deliveries > 0) pending.push(`emulator: ${deliveries} notification deliveries on their way`);
  for (const key of FLOW) {
    const queue = fleet.producer.queue(key);
    const counts = await queue.getJobCounts('wait', 'prioritized', 'active', 'waiting-children', 'delayed');
    if (SCHEDULED.has(key))
      counts.delayed = (await queue.getDelayed()).filter((job) => job.repeatJobKey === undefined).length;
    for (const [state, n] of Object.entries(counts)) if (n > 0) pending.push(`${key}: ${n} ${state}`);
  }
  return pending;
}

/** Waits until no notification is on its way and no job waits, runs or is delayed (scheduled ticks aside). */
export async function settle(fleet: Fleet, timeoutMs = 20_000): Promise<void> {
  await waitFor(
    () => pendingWork(fleet),
    (pending) => pending.length === 0,
    { timeoutMs, what: 'fleet settled (nothing pending)' },
  );
}
