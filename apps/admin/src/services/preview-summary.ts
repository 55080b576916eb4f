import { type ChangeKind, changesOf, type Plan } from '@entra-sync/domain';

/** Users per kind of change (access: logins granted, changed or removed, portal logins removed, S6.1/S6.3);
 * `unchanged`: users whose records already are what the rules say. */
export type PreviewSummary = Record<ChangeKind | 'unchanged', number>;

/** Counts users per kind of change (a user counts once per kind, however many ops of that kind it has). */
export function summarise(plans: ReadonlyArray<Plan | null>): PreviewSummary {
  const summary: PreviewSummary = {
    created: 0,
    merged: 0,
    updated: 0,
    archived: 0,
    deactivated: 0,
    reactivated: 0,
    accessChanged: 0,
    conflicts: 0,
    errors: 0,
    unchanged: 0,
  };
  for (const plan of plans) {
    if (plan === null) {
      summary.errors += 1;
      continue;
    }
    if (plan.outcome === 'unchanged' || plan.outcome === 'stale') {
      summary.unchanged += 1;
      continue;
    }
    for (const change of new Set(changesOf(plan))) summary[change] += 1;
  }
  return summary;
}
