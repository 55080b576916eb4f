import type { ChaosStack } from '../chaos-stack';
import type { BenchTenant } from '../../infra/tenant';

export const FAULT_KINDS = [
  'worker-kill',
  'worker-kill-in-commit',
  'pg-terminate-backends',
  'pg-restart-fast',
  'pg-restart-immediate',
  'redis-restart',
  'redis-crash',
  'graph-503',
  'graph-hang',
  'graph-429-storm',
  'delta-token-expiry',
  'secret-rotation',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultContext {
  stack: ChaosStack;
  /** the tenant under sync; a secret rotation stores the new secret in it */
  tenant: BenchTenant;
  /** a uniform number in [0, 1) from the run's seeded generator */
  random: () => number;
}

/**
 * One fault: `inject` does it and returns once the fault itself is over (the process restarted, the dependency
 * answers again, the storm's window closed); whether the system got over it is measured afterwards. The
 * returned note says what was hit (kept in the JSON report).
 */
export interface Fault {
  kind: FaultKind;
  inject(ctx: FaultContext): Promise<string>;
}

export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
