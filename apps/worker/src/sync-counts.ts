import { type ChangeKind, changesOf, type Plan } from '@entra-sync/domain';

export type SyncCounts = Record<'total' | 'processed' | 'unchanged' | ChangeKind, number>;

export const emptyCounts = (total: number): SyncCounts => ({
  total,
  processed: 0,
  created: 0,
  merged: 0,
  updated: 0,
  deactivated: 0,
  reactivated: 0,
  archived: 0,
  accessChanged: 0,
  unchanged: 0,
  conflicts: 0,
  errors: 0,
});

/** Adds one applied plan to the run's counts (S8 progress). */
export function tally(counts: SyncCounts, plan: Plan): void {
  counts.processed += 1;
  if (plan.outcome === 'unchanged' || plan.outcome === 'stale') counts.unchanged += 1;
  for (const change of changesOf(plan)) counts[change] += 1;
}
