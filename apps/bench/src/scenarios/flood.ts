import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { oneNotificationBody } from '../load/graph-payload';
import { loadInProcess } from '../load/load-process';
import {
  driveChanges,
  GENERATOR_WARM_UP_MS,
  notificationBody,
  summarise,
  type LatencyFigures,
} from './changes';
import type { SyncedStack } from './synced-stack';

export interface FloodPlan {
  /** forged notifications, one per POST */
  forged: number;
  /** distinct made-up GUIDs among them (each sent many times) */
  distinctUnknown: number;
  forgedPerSecond: number;
  /** real directory changes delivered by the emulator meanwhile */
  realChanges: number;
  realPerSecond: number;
}

export interface FloodFigures {
  /** Postgres reads of graph_subscriptions while the flood ran (every process), from Postgres's own counters */
  subscriptionReads: number;
  /** the most those reads may be: one per distinct unknown id, and per real subscription, per started minute */
  readsAllowed: number;
  floodSeconds: number;
  /** forged requests per second the forger really sent (its generator yields the cores) */
  forgedPerSecond: number;
  /** forged POSTs answered 202 (dropped, a forger learns nothing) and 429 (rate limit) */
  forgedAccepted: number;
  forgedRateLimited: number;
  forgedOther: number;
  real: LatencyFigures;
  /** the same real changes just before, without the flood: what the machine gives anyway */
  calm: LatencyFigures;
}

/** the tenant's users and groups subscriptions: each read once when first seen, then refreshed once a minute */
const REAL_SUBSCRIPTIONS = 2;
/** the forger's machine is not ours: its generator yields the shared cores, as the emulator's Graph does (N13) */
const FORGER_NICE = 19;
/** the forger's source address: loopback, but not the emulator's 127.0.0.1 (Graph) */
const FORGER_ADDRESS = '127.0.0.2';

/**
 * Scenario 7 (issue 15 item 6): a forger floods the receiver from an address of its own with notifications that
 * carry made-up subscription ids (GUIDs, repeated), ids that are no GUID, and the real subscription's id with a
 * guessed clientState, while real changes flow from the emulator (Graph). Postgres's counters say how often the
 * subscriptions table was read; the tracker says when the real changes were committed.
 */
export async function flood(s: SyncedStack, plan: FloodPlan): Promise<FloodFigures> {
  const { stack, tenant } = s;
  await stack.emulator.dropNotifications(false);
  const real = await notificationBody(s);
  const unknown = Array.from({ length: plan.distinctUnknown }, () => randomUUID());
  const bodies = Array.from({ length: Math.min(plan.forged, 5_000) }, (_, i) => {
    const kind = i % 5;
    if (kind === 3) return oneNotificationBody({ subscriptionId: `forged-${i}`, tenantId: tenant.tenantId });
    if (kind === 4)
      return real(randomUUID()).replace(
        /"clientState":"[^"]*"/,
        `"clientState":"${randomBytes(32).toString('base64url')}"`,
      );
    return oneNotificationBody({ subscriptionId: unknown[i % unknown.length], tenantId: tenant.tenantId });
  });

  const calmRun = await driveChanges(s, 'calm', plan.realChanges, plan.realPerSecond);
  const calmOutcome = await calmRun.tracker.settle(60_000);
  const calm = summarise(calmOutcome.latenciesMs, plan.realChanges, calmOutcome.lost, calmRun.seconds);

  const readsBefore = await subscriptionReads(s);
  const started = performance.now();
  const [load, changes] = await Promise.all([
    loadInProcess(
      {
        loop: 'open',
        url: `${stack.receiverUrl}/graph/notifications`,
        count: plan.forged,
        ratePerSecond: plan.forgedPerSecond,
        connections: 32,
        bodies,
        warmUpMs: GENERATOR_WARM_UP_MS,
        localAddress: FORGER_ADDRESS,
      },
      600_000,
      FORGER_NICE,
    ),
    // the real changes start once the generator has warmed up and the flood is on
    new Promise((resolve) => setTimeout(resolve, GENERATOR_WARM_UP_MS + 1000)).then(() =>
      driveChanges(s, 'flood', plan.realChanges, plan.realPerSecond),
    ),
  ]);
  const floodSeconds = (performance.now() - started) / 1000;
  const outcome = await changes.tracker.settle(60_000);
  const reads = (await settledReads(s)) - readsBefore;
  return {
    subscriptionReads: reads,
    readsAllowed: (plan.distinctUnknown + REAL_SUBSCRIPTIONS) * Math.ceil(floodSeconds / 60),
    floodSeconds,
    forgedPerSecond: load.seconds > 0 ? load.sent / load.seconds : 0,
    forgedAccepted: load.statuses['202'] ?? 0,
    forgedRateLimited: load.statuses['429'] ?? 0,
    forgedOther: load.sent - (load.statuses['202'] ?? 0) - (load.statuses['429'] ?? 0),
    real: summarise(outcome.latenciesMs, plan.realChanges, outcome.lost, changes.seconds),
    calm,
  };
}

async function subscriptionReads(s: SyncedStack): Promise<number> {
  const { rows } = await sql<{ reads: string }>`
    select coalesce(seq_scan, 0) + coalesce(idx_scan, 0) as reads
    from pg_stat_user_tables where relname = 'graph_subscriptions'`.execute(s.stack.db);
  return Number(rows[0]?.reads ?? 0);
}

/**
 * Backends publish their table counters when idle, at most once a second and at the latest ~10 s after their
 * last query (PostgreSQL 15): read until two readings 2 s apart agree, and not before 11 s have passed.
 */
async function settledReads(s: SyncedStack): Promise<number> {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  await sleep(11_000);
  let last = await subscriptionReads(s);
  for (;;) {
    await sleep(2_000);
    const now = await subscriptionReads(s);
    if (now === last) return now;
    last = now;
  }
}
