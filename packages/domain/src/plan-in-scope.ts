import { ruleAccessOf } from './access';
import {
  accessOps,
  fingerprintOf,
  linkedElsewhereConflict,
  linkOps,
  type Scope,
  statusOps,
  targetFields,
  targetRecordOps,
  unchangedSinceLastApply,
} from './in-scope-steps';
import { planHolders } from './login-holders';
import { emailOf, normaliseEmail, usernameFromUpn } from './mapping';
import { resolveTarget } from './matching';
import { OUTSIDE_REACH, outsideReachConflict, reachOfInput } from './reach';
import { currentLink, type PlanDraft } from './plan-result';
import type { PlanOp } from './plan.types';
import type { RankedRule } from './precedence';
import { describeRecord } from './record-ref';
import type { DirectoryObservation, PlanInput } from './types';

type Present = Extract<DirectoryObservation, { state: 'present' }>;

/** S2–S6 for a user in scope: the target record, its fields, status and access, and the link. */
export function planInScope(
  input: PlanInput,
  observation: Present,
  winner: RankedRule,
  precedence: string,
): PlanDraft {
  const { rule } = winner;
  const { user, objectId } = observation;
  const scope: Scope = {
    input,
    user,
    objectId,
    rule,
    tag: `rule #${rule.id}`,
    username: usernameFromUpn(user.userPrincipalName),
    email: normaliseEmail(emailOf(user)),
    ruleAccess: ruleAccessOf(rule, input.defaults),
  };
  const draft: PlanDraft = {
    winningRuleId: rule.id,
    precedence,
    fingerprint: fingerprintOf(scope),
    link: currentLink(input),
    ops: [],
    idle: '',
  };
  const fail = (op: PlanOp): PlanDraft => ({ ...draft, ops: [op] });

  if (rule.target === 'employee' && !input.staffTenant) {
    return fail({
      type: 'conflict',
      recordId: null,
      reason:
        `${OUTSIDE_REACH}: ${scope.tag} targets employees but connection ${input.connectionId} is not a staff tenant; ` +
        `directory user ${objectId} not synced (mark the connection as the staff tenant to sync employees)`,
    });
  }
  if (unchangedSinceLastApply(scope, draft.fingerprint)) {
    return {
      ...draft,
      idle: `S4.3/D1 reconcile: directory state unchanged since the last apply (${scope.tag}), nothing written`,
    };
  }
  if (rule.target === 'contact' && rule.accountId === null) {
    return fail({
      type: 'error',
      reason: `S1.3 ${scope.tag} targets contacts but names no account: directory user ${objectId} not synced`,
    });
  }
  const target = resolveTarget(input, rule.target, scope.email, {
    connectionId: input.connectionId,
    objectId,
  });
  if (target.type === 'conflict') return fail(linkedElsewhereConflict(scope, target.record));
  if (target.type === 'outside') {
    return fail(
      outsideReachConflict(
        reachOfInput(input),
        target.record,
        `directory user ${objectId} matches by e-mail ${scope.email}`,
        `nothing taken, directory user ${objectId} not synced (${scope.tag})`,
      ),
    );
  }
  const record = target.type === 'create' ? null : target.record;
  const fields = targetFields(scope, record);
  if (!fields.ok) return fail(fields.error);

  const holders = planHolders({
    input,
    self: { connectionId: input.connectionId, objectId },
    rule,
    username: scope.username,
    email: scope.email,
    target: record,
  });
  const { ref, ops: recordOps } = targetRecordOps(scope, record, target.type === 'merge', fields.value);
  const ops: PlanOp[] = [
    ...holders.ops,
    ...recordOps,
    ...statusOps(scope, record, ref),
    ...accessOps(scope, record, ref, holders),
    ...linkOps(scope, record, ref),
    ...holders.conflicts,
  ];
  return {
    ...draft,
    link: { record: ref, inScope: true },
    ops,
    idle: `S4.3 ${record ? describeRecord(record) : rule.target} already matches the directory (${scope.tag})`,
  };
}
