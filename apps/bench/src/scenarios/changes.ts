import { getSubscriptionFor } from '@entra-sync/db';
import { ChangeTracker, recordCount, syncedUsers } from '../infra/changes';
import { oneNotificationBody } from '../load/graph-payload';
import { loadInProcess } from '../load/load-process';
import { percentile } from '../stats';
import type { SyncedStack } from './synced-stack';

export interface LatencyFigures {
  changes: number;
  applied: number;
  lost: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  /** changes/s the driver really achieved */
  rate: number;
}

const MUTATIONS_IN_FLIGHT = 32;
/** a fresh load generator warms its own request code before the timed load (N13) */
export const GENERATOR_WARM_UP_MS = 2000;

export function summarise(
  latencies: number[],
  changes: number,
  lost: number,
  seconds: number,
): LatencyFigures {
  return {
    changes,
    applied: latencies.length,
    lost,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    p99Ms: percentile(latencies, 99),
    maxMs: Math.max(...latencies),
    rate: changes / seconds,
  };
}

/**
 * Directory changes at a steady rate through the emulator's control API (a new job title each), each to a
 * different synced user; every change is timed from just before the emulator made it to its committed record.
 */
export async function driveChanges(s: SyncedStack, tag: string, count: number, ratePerSecond: number) {
  const users = await syncedUsers(s.stack.db, s.tenant.connectionId);
  if (users.length < count)
    throw new Error(`${tag}: ${count} changes need ${count} synced users, have ${users.length}`);
  const tracker = new ChangeTracker(s.stack.db, s.tenant.connectionId);
  const started = performance.now();
  const inFlight = new Set<Promise<unknown>>();
  for (let i = 0; i < count; i++) {
    const due = started + (i * 1000) / ratePerSecond;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    while (inFlight.size >= MUTATIONS_IN_FLIGHT) await Promise.race(inFlight);
    const objectId = users[(i * 7919) % users.length] as string;
    const marker = `${tag}-${i}`;
    tracker.expect(objectId, marker, Date.now());
    const call = s.stack.emulator.patchUser(s.tenant.tenantId, objectId, { jobTitle: marker });
    const tracked = call.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  }
  await Promise.all(inFlight);
  return { tracker, seconds: (performance.now() - started) / 1000 };
}

/** Scenario 2: changes delivered by Graph notifications (emulator → receiver → queue → worker). */
export async function steadyChanges(
  s: SyncedStack,
  count: number,
  ratePerSecond: number,
): Promise<LatencyFigures> {
  await s.stack.emulator.dropNotifications(false);
  const { tracker, seconds } = await driveChanges(s, 'steady', count, ratePerSecond);
  const outcome = await tracker.settle(60_000);
  return summarise(outcome.latenciesMs, count, outcome.lost, seconds);
}

/** Scenario 4: notifications dropped; only the delta backstop brings the changes in. */
export async function backstopChanges(
  s: SyncedStack,
  count: number,
  ratePerSecond: number,
  deltaIntervalSeconds: number,
): Promise<LatencyFigures> {
  await s.stack.emulator.dropNotifications(true);
  const { tracker, seconds } = await driveChanges(s, 'backstop', count, ratePerSecond);
  const outcome = await tracker.settle((3 * deltaIntervalSeconds + 30) * 1000);
  return summarise(outcome.latenciesMs, count, outcome.lost, seconds);
}

export interface BurstFigures {
  notifications: number;
  receiverP50Ms: number;
  receiverP99Ms: number;
  receiverMaxMs: number;
  /** answers other than 2xx (Graph would redeliver them) */
  receiverRejected: number;
  /** first notification sent → last change committed, s */
  allAppliedSeconds: number;
  lost: number;
  duplicates: number;
}

/** A one-notification Graph POST body for a synced user, from the tenant's real users subscription. */
export async function notificationBody(s: SyncedStack) {
  const sub = await getSubscriptionFor(s.stack.db, s.stack.box, s.tenant.connectionId, 'users');
  if (!sub) throw new Error('the users subscription was not created');
  return (objectId: string) =>
    oneNotificationBody({
      subscriptionId: sub.subscriptionId,
      clientState: sub.clientState,
      tenantId: s.tenant.tenantId,
      objectId,
    });
}

/**
 * Scenario 3: `count` users changed while Graph's notifications are held back, then `count` notifications (one
 * per POST, each a different user) sent to the receiver within `windowSeconds`, as Graph would after an outage.
 */
export async function burst(s: SyncedStack, count: number, windowSeconds: number): Promise<BurstFigures> {
  const { stack, tenant } = s;
  const users = (await syncedUsers(stack.db, tenant.connectionId)).slice(0, count);
  if (users.length < count) throw new Error(`burst: ${count} notifications need ${count} synced users`);
  await stack.emulator.dropNotifications(true);
  const tracker = new ChangeTracker(stack.db, tenant.connectionId);
  const markers: Array<Promise<unknown>> = [];
  for (let i = 0; i < users.length; i += MUTATIONS_IN_FLIGHT) {
    for (const [k, objectId] of users.slice(i, i + MUTATIONS_IN_FLIGHT).entries())
      markers.push(stack.emulator.patchUser(tenant.tenantId, objectId, { jobTitle: `burst-${i + k}` }));
    await Promise.all(markers.splice(0));
  }
  const body = await notificationBody(s);
  const before = await recordCount(stack.db);
  const sentAt = Date.now();
  users.forEach((objectId, i) => tracker.expect(objectId, `burst-${i}`, sentAt));
  const load = await loadInProcess({
    loop: 'open',
    url: `${stack.receiverUrl}/graph/notifications`,
    count,
    ratePerSecond: count / windowSeconds,
    connections: 64,
    bodies: users.map(body),
    warmUpMs: GENERATOR_WARM_UP_MS,
  });
  const outcome = await tracker.settle(180_000);
  await stack.emulator.dropNotifications(false);
  return {
    notifications: count,
    receiverP50Ms: percentile(load.latenciesMs, 50),
    receiverP99Ms: percentile(load.latenciesMs, 99),
    receiverMaxMs: Math.max(...load.latenciesMs),
    receiverRejected: load.failed,
    allAppliedSeconds: Math.max(...outcome.latenciesMs) / 1000,
    lost: outcome.lost,
    duplicates: (await recordCount(stack.db)) - before,
  };
}
