import type { PlanOp as PlanOpResource, PlanView } from '@entra-sync/api-contract';
import type { AccessState, Plan, PlanOp } from '@entra-sync/domain';
import type { z } from 'zod';

const access = (a: AccessState) => ({
  portalAccess: a.portalAccess,
  login: a.login ? { ...a.login, modules: [...a.login.modules] } : null,
});

/** One plan step for explain and preview; `record.id` is null for the record the plan would create. */
export function opView(op: PlanOp): z.output<typeof PlanOpResource> {
  switch (op.type) {
    case 'create':
      return { type: op.type, kind: op.kind, fields: op.fields, reason: op.reason };
    case 'update':
      return {
        type: op.type,
        record: op.record,
        changes: op.changes,
        ...(op.accountId ? { accountId: op.accountId } : {}),
        reason: op.reason,
      };
    case 'archive':
      return { type: op.type, record: op.record, username: op.username, email: op.email, reason: op.reason };
    case 'setAccess':
      return { type: op.type, record: op.record, access: access(op.access), reason: op.reason };
    case 'merge':
    case 'deactivate':
    case 'reactivate':
    case 'removePortalLogin':
    case 'link':
      return { type: op.type, record: op.record, reason: op.reason };
    case 'conflict':
      return { type: op.type, recordId: op.recordId, reason: op.reason };
    case 'error':
    case 'noop':
      return { type: op.type, reason: op.reason };
  }
}

export const planView = (plan: Plan): z.output<typeof PlanView> => ({
  outcome: plan.outcome,
  winningRuleId: plan.winningRuleId,
  precedence: plan.precedence,
  ops: plan.ops.map(opView),
});
