import { type ChangeKind, OP_KINDS } from './apply/op-effect';
import { refOf } from './record-ref';
import type { Plan, PlanOp } from './plan.types';
import type { PlanInput } from './types';

/** What a branch of the planner decided; `finishPlan` turns it into a `Plan`. */
export interface PlanDraft {
  winningRuleId: number | null;
  precedence: string;
  /** fingerprint of the state the plan applies when it applies all of it */
  fingerprint: string | null;
  link: Plan['link'];
  ops: PlanOp[];
  /** reason of the single noop when there is nothing to do */
  idle: string;
}

export const isWriteOp = (op: PlanOp): boolean => OP_KINDS[op.type].writes;

/** How a sync run or a preview counts the plan: one kind of change per op that counts (S8 progress). */
export const changesOf = (plan: Plan): ChangeKind[] =>
  plan.ops.flatMap((op) => {
    const kind = OP_KINDS[op.type].counts;
    return kind === null ? [] : [kind];
  });

/** The link as it is now, unchanged by the plan. */
export function currentLink(input: PlanInput): Plan['link'] {
  return input.link ? { record: refOf(input.link.record), inScope: input.link.link.inScope } : null;
}

export const sameRecord = (
  a: { kind: string; id: string | null },
  b: { kind: string; id: string | null },
): boolean => a.id !== null && a.kind === b.kind && a.id === b.id;

export function finishPlan(input: PlanInput, draft: PlanDraft): Plan {
  const ops: PlanOp[] = draft.ops.length > 0 ? draft.ops : [{ type: 'noop', reason: draft.idle }];
  const has = (type: PlanOp['type']): boolean => ops.some((op) => op.type === type);
  const outcome = ops.some(isWriteOp)
    ? 'changed'
    : has('error')
      ? 'error'
      : has('conflict')
        ? 'conflict'
        : 'unchanged';
  return {
    connectionId: input.connectionId,
    objectId: input.observation.objectId,
    observedAt: input.observation.observedAt,
    winningRuleId: draft.winningRuleId,
    precedence: draft.precedence,
    // Not everything was applied: no fingerprint, so the next reconcile evaluates the user again (D1).
    fingerprint: has('conflict') || has('error') ? null : draft.fingerprint,
    link: draft.link,
    ops,
    outcome,
  };
}
