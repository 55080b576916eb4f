import type { Plan } from '@entra-sync/domain';

export interface PreviewSummary {
  created: number;
  merged: number;
  updated: number;
  archived: number;
  deactivated: number;
  reactivated: number;
  /** logins granted, changed or removed, portal logins removed (S6.1, S6.3) */
  accessChanged: number;
  conflicts: number;
  errors: number;
  /** users whose records already are what the rules say */
  unchanged: number;
}

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
    const types = new Set(plan.ops.map((op) => op.type));
    if (types.has('create')) summary.created += 1;
    if (types.has('merge')) summary.merged += 1;
    if (types.has('update')) summary.updated += 1;
    if (types.has('archive')) summary.archived += 1;
    if (types.has('deactivate')) summary.deactivated += 1;
    if (types.has('reactivate')) summary.reactivated += 1;
    if (types.has('setAccess') || types.has('removePortalLogin')) summary.accessChanged += 1;
    if (types.has('conflict')) summary.conflicts += 1;
    if (types.has('error')) summary.errors += 1;
  }
  return summary;
}
