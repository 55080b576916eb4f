import type { BenchTenant } from '../infra/tenant';
import type { ChaosStack } from './chaos-stack';
import { finalDirectory } from './final-directory';
import { compareWithDirectory, type OracleResult } from './oracle';
import type { ChaosPlan } from './plan';
import { drained, retrying, runEnded, sleep } from './settle';

export interface Convergence {
  /** what removed the last difference */
  by: 'notifications and delta' | 'final manual sync' | 'not converged';
  /** last fault over and changes stopped → the oracle found no difference, s */
  seconds: number;
  /** the queues emptied (outstanding jobs, not dead letters) within the plan's timeout */
  drained: boolean;
  /** the oracle once the queues drained and two delta rounds passed */
  afterDelta: OracleResult;
  /** the final manual sync, when the delta rounds left differences */
  manualSync: { status: string; error: string | null } | null;
  /** the verdict: the last oracle */
  final: OracleResult;
}

const clean = (r: OracleResult) => r.lost === 0 && r.duplicated === 0 && r.staleFields === 0;

/**
 * Convergence as an operator gets it: the queues drain, the delta backstop runs twice; if the records still
 * differ from the directory, a manual full sync (the admin API's "Sync") and a drain; then the oracle's verdict.
 */
export async function converge(
  stack: ChaosStack,
  tenant: BenchTenant,
  deletedIds: readonly string[],
  plan: ChaosPlan,
  log: (line: string) => void,
): Promise<Convergence> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  await retrying(() => stack.emulator.faults(null));
  const emptied = await drained(stack.producer, plan.convergeTimeoutMs);
  await sleep(2 * plan.deltaIntervalSeconds * 1000);
  await drained(stack.producer, plan.convergeTimeoutMs);
  const observations = await retrying(() => finalDirectory(stack, tenant, deletedIds));
  const afterDelta = await retrying(() => compareWithDirectory(stack.db, tenant.connectionId, observations));
  log(
    `  after the drain and two delta rounds (${seconds().toFixed(0)} s): ${afterDelta.lost} lost, ` +
      `${afterDelta.duplicated} duplicated, ${afterDelta.staleFields} stale fields`,
  );
  if (clean(afterDelta))
    return {
      by: 'notifications and delta',
      seconds: seconds(),
      drained: emptied,
      afterDelta,
      manualSync: null,
      final: afterDelta,
    };

  for (const example of afterDelta.examples) log(`    ${example}`);
  const started202 = await retrying(() =>
    stack.api<{ runId: string }>('POST', `/connections/${tenant.connectionId}/sync`, {}),
  );
  if (started202.status !== 202) throw new Error(`POST /sync answered ${started202.status}`);
  const run = await runEnded(stack.db, tenant.connectionId, plan.convergeTimeoutMs, started202.body.runId);
  await drained(stack.producer, plan.convergeTimeoutMs);
  const final = await retrying(() => compareWithDirectory(stack.db, tenant.connectionId, observations));
  log(
    `  after a manual sync (${run?.status ?? 'timed out'}, ${seconds().toFixed(0)} s): ${final.lost} lost, ` +
      `${final.duplicated} duplicated, ${final.staleFields} stale fields`,
  );
  for (const example of final.examples) log(`    ${example}`);
  return {
    by: clean(final) ? 'final manual sync' : 'not converged',
    seconds: seconds(),
    drained: emptied,
    afterDelta,
    manualSync: { status: run?.status ?? 'timed out', error: run?.error ?? null },
    final,
  };
}
