import { FAULT_KINDS, type FaultKind } from './faults/fault';

/** What one `npm run chaos` does: the full report, or `--quick` (CI: every fault kind once, ≤ 3 min). */
export interface ChaosPlan {
  name: 'full' | 'quick';
  users: number;
  workers: number;
  /** faults injected of each kind (issue 15: at least 20 in the full run) */
  faultsPerKind: number;
  /** the kinds injected: all unless `--only` names some (a partial report is written as `partial.*`) */
  kinds: readonly FaultKind[];
  /** share of the faults that may hit the initial sync (the rest hit the change stream, each with a probe) */
  initialShare: number;
  /** directory changes per second once the initial sync is done */
  changesPerSecond: number;
  /** removals the change stream may make in the whole run (S8's guard must not hold any back) */
  removalShare: number;
  /** quiet time between one fault's recovery and the next fault */
  gapMs: number;
  /** the longest the schedule waits for a fault's probe before the next fault */
  paceMs: number;
  /** how long the system may take to apply a change made right after a fault */
  probeTimeoutMs: number;
  deltaIntervalSeconds: number;
  reconnectSeconds: number;
  workerLockMs: number;
  /** hostile inputs shared by the registered fuzzers (issue 15: ≥ 100,000 in the full run) */
  fuzzCases: number;
  convergeTimeoutMs: number;
  seed: number;
}

const COMMON = {
  kinds: FAULT_KINDS,
  workers: 2,
  removalShare: 0.04,
  paceMs: 10_000,
  initialShare: 0.3,
  deltaIntervalSeconds: 10,
  reconnectSeconds: 5,
  workerLockMs: 10_000,
  seed: 15,
} as const;

export const FULL: ChaosPlan = {
  ...COMMON,
  name: 'full',
  users: 10_000,
  faultsPerKind: 20,
  changesPerSecond: 10,
  gapMs: 1_000,
  probeTimeoutMs: 180_000,
  fuzzCases: 100_000,
  convergeTimeoutMs: 15 * 60_000,
};

export const QUICK: ChaosPlan = {
  ...COMMON,
  name: 'quick',
  users: 1_000,
  faultsPerKind: 1,
  changesPerSecond: 5,
  gapMs: 0,
  deltaIntervalSeconds: 5,
  probeTimeoutMs: 90_000,
  fuzzCases: 2_000,
  convergeTimeoutMs: 3 * 60_000,
};
