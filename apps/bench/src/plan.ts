import type { FloodPlan } from './scenarios/flood';

/** What one `npm run bench` does: the full report, or `--quick` (≤ 2 min, proves the benchmark still works). */
export const SECTIONS = [
  'limits',
  'initial',
  'scaling',
  'changes',
  'backstop',
  'throttled',
  'flood',
] as const;
export type Section = (typeof SECTIONS)[number];

export interface BenchPlan {
  name: 'full' | 'quick';
  runs: number;
  /** the parts to run; all of them unless `--only` names some (a partial report is written as `partial.*`) */
  sections: readonly Section[];
  initialSizes: number[];
  steady: { users: number; changes: number; ratePerSecond: number };
  burst: { notifications: number; windowSeconds: number };
  capacitySeconds: number;
  /** the concurrencies a capacity is the peak of, for the receiver and the bare server alike (N14) */
  capacityConnections: number[];
  backstop: { users: number; changes: number; ratePerSecond: number; deltaIntervalSeconds: number };
  throttled: { users: number; share: number; retryAfterSeconds: number };
  scaling: { users: number; workers: number[] };
  limits: { rawUsers: number; bullmqJobs: number };
  /** forged notifications from one address while real changes flow (issue 15 item 6) */
  flood: FloodPlan & { users: number };
  /** delta interval of the stacks whose changes must come by notification (the backstop must not help) */
  quietDeltaSeconds: number;
}

export const FULL: BenchPlan = {
  name: 'full',
  runs: 3,
  sections: SECTIONS,
  initialSizes: [1_000, 10_000, 100_000],
  steady: { users: 12_000, changes: 6_000, ratePerSecond: 100 },
  burst: { notifications: 10_000, windowSeconds: 10 },
  capacitySeconds: 10,
  capacityConnections: [32, 64, 128],
  backstop: { users: 2_000, changes: 1_000, ratePerSecond: 100, deltaIntervalSeconds: 30 },
  throttled: { users: 10_000, share: 0.2, retryAfterSeconds: 1 },
  scaling: { users: 100_000, workers: [1, 2, 4] },
  limits: { rawUsers: 20_000, bullmqJobs: 20_000 },
  flood: {
    users: 2_000,
    forged: 20_000,
    distinctUnknown: 2_000,
    forgedPerSecond: 1_000,
    realChanges: 1_000,
    realPerSecond: 50,
  },
  quietDeltaSeconds: 3600,
};

export const QUICK: BenchPlan = {
  name: 'quick',
  runs: 1,
  sections: SECTIONS,
  initialSizes: [1_000],
  steady: { users: 2_000, changes: 500, ratePerSecond: 50 },
  burst: { notifications: 1_000, windowSeconds: 2 },
  capacitySeconds: 3,
  capacityConnections: [32, 128],
  backstop: { users: 1_000, changes: 100, ratePerSecond: 20, deltaIntervalSeconds: 10 },
  throttled: { users: 1_000, share: 0.2, retryAfterSeconds: 1 },
  scaling: { users: 2_000, workers: [1, 2] },
  limits: { rawUsers: 2_000, bullmqJobs: 2_000 },
  flood: {
    users: 1_000,
    forged: 2_000,
    distinctUnknown: 200,
    forgedPerSecond: 400,
    realChanges: 100,
    realPerSecond: 20,
  },
  quietDeltaSeconds: 3600,
};
