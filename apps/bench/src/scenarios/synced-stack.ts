import { sql } from 'kysely';
import type { FaultConfig } from '@entra-sync/graph-emulator';
import { syncSchedules } from '@entra-sync/worker';
import type { EmulatorCounters } from '../infra/emulator-client';
import { Stack, type PeakRss, type StackOptions } from '../infra/stack';
import { setupTenant, type BenchTenant } from '../infra/tenant';

export interface InitialSyncFigures {
  users: number;
  workers: number;
  /** connection created → full sync succeeded (delta baseline, subscriptions and the full sync), s */
  seconds: number;
  /** the full sync run alone (started → finished), s */
  fullSyncSeconds: number;
  usersPerSecond: number;
  /** records linked after the sync (users in scope of a rule) */
  linked: number;
  graph: Pick<EmulatorCounters, 'graphRequests' | 'resourceUnits' | 'byStatus' | 'byRoute'>;
  peakRss: PeakRss;
  deadLetters: number;
}

export interface SyncedStack {
  stack: Stack;
  tenant: BenchTenant;
  initial: InitialSyncFigures;
}

const RUN_TIMEOUT_MS = 15 * 60_000;

/**
 * A fresh stack and tenant, then the product's own start for a new connection: a worker's schedule sync creates
 * the delta backstop, whose first round sets the baseline and queues the full sync ("Sync", S8). Timed from the
 * schedule sync until the full sync run succeeded.
 */
export async function syncedStack(
  options: StackOptions & { users: number; seed: string; faults?: Omit<FaultConfig, 'tenantId'> },
): Promise<SyncedStack> {
  const stack = await Stack.start(options);
  try {
    const tenant = await setupTenant(stack, options.users, options.seed);
    if (options.faults) await stack.emulator.faults({ ...options.faults, tenantId: tenant.tenantId });
    const started = performance.now();
    await syncSchedules(stack.db, stack.producer, {
      DELTA_INTERVAL_SECONDS: options.deltaIntervalSeconds,
      RECONNECT_SECONDS: 120,
    });
    const run = await waitForSyncRun(stack, tenant.connectionId);
    const seconds = (performance.now() - started) / 1000;
    if (options.faults) await stack.emulator.faults(null);
    const counters = await stack.emulator.counters();
    const linked = await stack.db
      .selectFrom('links')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('connection_id', '=', tenant.connectionId)
      .executeTakeFirstOrThrow();
    const initial: InitialSyncFigures = {
      users: options.users,
      workers: options.workers,
      seconds,
      fullSyncSeconds: run.seconds,
      usersPerSecond: options.users / seconds,
      linked: Number(linked.n),
      graph: {
        graphRequests: counters.graphRequests,
        resourceUnits: counters.resourceUnits,
        byStatus: counters.byStatus,
        byRoute: counters.byRoute,
      },
      peakRss: stack.peakRss(),
      deadLetters: await stack.deadLetters(),
    };
    return { stack, tenant, initial };
  } catch (err) {
    await stack.close();
    throw err;
  }
}

async function waitForSyncRun(stack: Stack, connectionId: string): Promise<{ seconds: number }> {
  const deadline = Date.now() + RUN_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const { rows } = await sql<{ status: string; error: string | null; seconds: number | null }>`
      select status, error, extract(epoch from finished_at - started_at)::float8 as seconds
      from sync_runs where connection_id = ${connectionId} order by started_at desc limit 1`.execute(
      stack.db,
    );
    const run = rows[0];
    if (run?.status === 'succeeded') return { seconds: run.seconds ?? Number.NaN };
    if (run && run.status !== 'queued' && run.status !== 'running')
      throw new Error(`the full sync ended ${run.status}: ${run.error ?? ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `no full sync succeeded within ${RUN_TIMEOUT_MS / 60_000} min; worker output:\n${stack.workers[0]?.tail()}`,
  );
}
