import type { AppliedUser } from '@entra-sync/db';
import { type ChangeKind, changesOf } from '@entra-sync/domain';

export type SyncCounts = Record<'total' | 'processed' | 'unchanged' | 'held' | ChangeKind, number>;

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
  held: 0,
  conflicts: 0,
  errors: 0,
});

/** Adds one applied user to the run's counts (S8 progress); a removal held for confirmation counts as held. */
export function tally(counts: SyncCounts, { plan, held }: Pick<AppliedUser, 'plan' | 'held'>): void {
  counts.processed += 1;
  if (held) counts.held += 1;
  else if (plan.outcome === 'unchanged' || plan.outcome === 'stale') counts.unchanged += 1;
  for (const change of changesOf(plan)) counts[change] += 1;
}
