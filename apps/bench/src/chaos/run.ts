import { appendFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { syncSchedules } from '@entra-sync/worker';
import { ChangeTracker, syncedUsers } from '../infra/changes';
import { setupTenant, type BenchTenant } from '../infra/tenant';
import { ChaosStack, type Crash } from './chaos-stack';
import { converge, type Convergence } from './converge';
import { listDeadLetters, type DeadLetter } from './dead-letters';
import { DirectoryStream } from './directory-stream';
import { FAULT_KINDS, FAULTS, type FaultKind } from './faults';
import { FUZZERS, fuzzPhase, type FuzzRow } from './fuzz-phase';
import type { ChaosPlan } from './plan';
import { retrying, runEnded, sleep } from './settle';

export interface InjectedFault {
  kind: FaultKind;
  phase: 'initial sync' | 'changes';
  note: string;
  /** fault over → a change made right then is applied, s; null during the initial sync (judged by its run) */
  recoverySeconds: number | null;
  survived: boolean;
}

export interface ChaosResult {
  faults: InjectedFault[];
  initialSync: { status: string; error: string | null; seconds: number };
  changes: { made: number; skipped: number; byKind: Record<string, number> };
  convergence: Convergence;
  deadLetters: DeadLetter[];
  /** processes that died of an error of their own (the suite restarted them) */
  crashes: Crash[];
  fuzz: FuzzRow[];
}

type Log = (line: string) => void;
const PROBES = 40;

/** A seeded generator (mulberry32): the same plan draws the same faults in the same order. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every kind `perKind` times, shuffled. */
export function faultSchedule(
  perKind: number,
  random: () => number,
  kinds: readonly FaultKind[] = FAULT_KINDS,
): FaultKind[] {
  const all = kinds.flatMap((kind) => Array.from({ length: perKind }, () => kind));
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [all[i], all[j]] = [all[j] as FaultKind, all[i] as FaultKind];
  }
  return all;
}

export async function runChaos(plan: ChaosPlan, logLevel: string, log: Log): Promise<ChaosResult> {
  const random = seeded(plan.seed);
  const schedule = faultSchedule(plan.faultsPerKind, random, plan.kinds);
  log(
    `starting the fleet (private Postgres and Redis, emulator, receiver, admin API, ${plan.workers} workers)`,
  );
  const stack = await ChaosStack.start({ ...plan, logLevel });
  // an interrupted run still stops the private Postgres, Redis and every process it started
  const interrupted = () => void stack.close().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const tenant = await setupTenant(stack, plan.users, `chaos-${plan.seed}`);
    const domain = (await stack.emulator.call<{ domain: string }>('GET', `/tenants/${tenant.tenantId}`))
      .domain;
    const ctx = { stack, tenant, random };
    const faults: InjectedFault[] = [];

    log(`initial sync of ${plan.users.toLocaleString('en')} users, faults injected while it runs`);
    const started = performance.now();
    await syncSchedules(stack.db, stack.producer, {
      DELTA_INTERVAL_SECONDS: plan.deltaIntervalSeconds,
      RECONNECT_SECONDS: plan.reconnectSeconds,
    });
    let initialEnded = false;
    const initial = runEnded(stack.db, tenant.connectionId, 30 * 60_000).then((run) => {
      initialEnded = true;
      return run;
    });
    let duringSync = Math.ceil(schedule.length * plan.initialShare);
    while (!initialEnded && duringSync-- > 0) {
      const kind = schedule.shift() as FaultKind;
      const note = await FAULTS[kind].inject(ctx);
      faults.push({ kind, phase: 'initial sync', note, recoverySeconds: null, survived: false });
      log(`  ${kind}: ${note}`);
      await sleep(plan.gapMs);
    }
    const run = await initial;
    const initialSync = {
      status: run?.status ?? 'timed out',
      error: run?.error ?? null,
      seconds: (performance.now() - started) / 1000,
    };
    for (const f of faults) f.survived = initialSync.status === 'succeeded';
    log(
      `  initial sync ${initialSync.status} after ${initialSync.seconds.toFixed(0)} s` +
        (initialSync.error ? `: ${initialSync.error}` : ''),
    );
    if (initialSync.status !== 'succeeded') await operatorResync(stack, tenant, log);

    const probes = (await retrying(() => syncedUsers(stack.db, tenant.connectionId))).slice(0, PROBES);
    const stream = new DirectoryStream(stack.emulator, tenant, domain, {
      ratePerSecond: plan.changesPerSecond,
      removalBudget: Math.floor(plan.users * plan.removalShare),
      reserved: new Set(probes),
      random,
    });
    log(
      `steady changes (${plan.changesPerSecond}/s) and ${schedule.length} more faults, each followed by a probe`,
    );
    stream.start();
    const probing: Array<Promise<void>> = [];
    for (const [i, kind] of schedule.entries()) {
      const note = await FAULTS[kind].inject(ctx);
      const fault: InjectedFault = { kind, phase: 'changes', note, recoverySeconds: null, survived: false };
      faults.push(fault);
      const probed = probe(stack, tenant, probes[i % probes.length], i, plan).then((seconds) => {
        fault.recoverySeconds = seconds;
        fault.survived = seconds !== null;
        log(
          `  ${kind}: ${note}; ${seconds === null ? 'NOT recovered' : `recovered in ${seconds.toFixed(1)} s`}`,
        );
        if (seconds === null) dumpTails(stack, `after ${kind}`, log);
      });
      probing.push(probed);
      // the next fault comes once this one's probe is through, or after the pace at the latest (a hung Graph
      // request holds its probe for the client's 60 s timeout; the schedule does not wait for it)
      await Promise.race([probed, sleep(plan.paceMs)]);
      await sleep(plan.gapMs);
    }
    await Promise.all(probing);
    await stream.stop();
    log(`${stream.total} directory changes made (${stream.skipped} refused by the directory); converging`);

    const convergence = await converge(stack, tenant, stream.deletedIds, plan, log);
    const deadLetters = await retrying(() => listDeadLetters(stack.producer));
    log(`fuzz phase (${FUZZERS.length} fuzzers registered)`);
    const fuzz = await fuzzPhase(FUZZERS, plan.fuzzCases, stack.db, log);
    return {
      faults,
      initialSync,
      changes: { made: stream.total, skipped: stream.skipped, byKind: { ...stream.made } },
      convergence,
      deadLetters,
      crashes: [...stack.crashes],
      fuzz,
    };
  } catch (err) {
    dumpTails(stack, 'after an error', log);
    throw err;
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await stack.close();
  }
}

/** The last lines of every process, into a file beside the system's temporary files (the report names it). */
function dumpTails(stack: ChaosStack, when: string, log: Log): void {
  const file = path.join(os.tmpdir(), `entra-sync-chaos-${process.pid}.log`);
  const parts = [...stack.workers, stack.receiver, stack.admin, stack.emulatorProcess].map(
    (p) => `=== ${p.name} (${p.running ? 'running' : 'exited'}) ${when}\n${p.tail(60)}\n`,
  );
  appendFileSync(file, parts.join(''));
  log(`  process output ${when}: ${file}`);
}

/** What an operator does after a failed sync: "Sync" again (admin API), here until it succeeds, faults paused. */
async function operatorResync(stack: ChaosStack, tenant: BenchTenant, log: Log): Promise<void> {
  for (let attempt = 1; attempt <= 3; attempt++) {
    const started = await retrying(() =>
      stack.api<{ runId: string }>('POST', `/connections/${tenant.connectionId}/sync`, {}),
    );
    const run =
      started.status === 202
        ? await runEnded(stack.db, tenant.connectionId, 30 * 60_000, started.body.runId)
        : null;
    log(`  operator's sync ${attempt}: ${run?.status ?? `not started (${started.status})`}`);
    if (run?.status === 'succeeded') return;
  }
  throw new Error('the sync did not succeed after three operator retries');
}

/** A change made right after the fault: seconds until it is applied, null when not within the probe timeout. */
async function probe(
  stack: ChaosStack,
  tenant: BenchTenant,
  objectId: string | undefined,
  i: number,
  plan: ChaosPlan,
): Promise<number | null> {
  if (!objectId) return null;
  const since = Date.now();
  const marker = `chaos probe ${i}`;
  const tracker = new ChangeTracker(stack.db, tenant.connectionId);
  await retrying(() => stack.emulator.patchUser(tenant.tenantId, objectId, { jobTitle: marker }));
  tracker.expect(objectId, marker, since);
  while (Date.now() - since < plan.probeTimeoutMs) {
    await tracker.poll().catch(() => undefined);
    if (tracker.outstanding === 0) return (Date.now() - since) / 1000;
    await sleep(100);
  }
  return null;
}
