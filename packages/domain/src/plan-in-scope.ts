import { accessOf, desiredAccess, describeAccess, NO_ACCESS, ruleAccessOf, sameAccess } from './access';
import { fingerprint } from './fingerprint';
import { planHolders } from './login-holders';
import { emailOf, mapEmployeeFields, mapPersonFields, normaliseEmail, usernameFromUpn } from './mapping';
import { currentLink, sameRecord, type PlanDraft } from './plan-result';
import type { PlanOp, RecordRef } from './plan.types';
import type { RankedRule } from './precedence';
import { diffFields, directoryFields } from './record-fields';
import { describeRecord, isRoot, refOf } from './record-ref';
import { linkedTarget, resolveTarget } from './matching';
import type { DirectoryObservation, EmployeeFields, PersonFields, PlanInput } from './types';

type Present = Extract<DirectoryObservation, { state: 'present' }>;

/** S2–S6 for a user in scope: the target record, its fields, status and access, and the link. */
export function planInScope(
  input: PlanInput,
  observation: Present,
  winner: RankedRule,
  precedence: string,
): PlanDraft {
  const { rule } = winner;
  const kind = rule.target;
  const { user, objectId } = observation;
  const self = { connectionId: input.connectionId, objectId };
  const tag = `rule #${rule.id}`;
  const username = usernameFromUpn(user.userPrincipalName);
  const ruleAccess = ruleAccessOf(rule, input.defaults);
  const fp = fingerprint({
    scope: 'in',
    kind,
    username,
    fields: directoryFields(kind, user, input.defaults),
    accountEnabled: user.accountEnabled,
    rule: ruleAccess,
  });
  const draft: PlanDraft = {
    winningRuleId: rule.id,
    precedence,
    fingerprint: fp,
    link: currentLink(input),
    ops: [],
    idle: '',
  };
  const fail = (type: 'error' | 'conflict', reason: string, recordId: string | null = null): PlanDraft => ({
    ...draft,
    ops: [type === 'error' ? { type, reason } : { type, reason, recordId }],
  });

  const linked = linkedTarget(input, kind);
  if (
    linked &&
    input.trigger === 'reconcile' &&
    input.link?.link.inScope &&
    input.link.link.fingerprint === fp
  ) {
    return {
      ...draft,
      idle: `S4.3/D1 reconcile: directory state unchanged since the last apply (${tag}), nothing written`,
    };
  }
  const accountId = rule.accountId;
  if (kind === 'contact' && accountId === null) {
    return fail(
      'error',
      `S1.3 ${tag} targets contacts but names no account: directory user ${objectId} not synced`,
    );
  }
  const email = normaliseEmail(emailOf(user));
  const target = resolveTarget(input, kind, email, self);
  if (target.type === 'conflict') {
    const other = target.record.linkedTo;
    return fail(
      'conflict',
      `S3.3 conflict: ${describeRecord(target.record)} matches e-mail ${email} but is already linked to directory ` +
        `user ${other?.objectId} of connection ${other?.connectionId}; directory user ${objectId} not linked (${tag})`,
      target.record.id,
    );
  }
  const record = target.type === 'create' ? null : target.record;
  let fields: PersonFields | EmployeeFields = mapPersonFields(user);
  if (kind === 'employee') {
    const mapped = mapEmployeeFields(user, input.defaults, {
      securityRole: rule.securityRole,
      existing: record?.kind === 'employee' ? record : null,
    });
    if (!mapped.ok) {
      return fail(
        'error',
        `S2.3/D5 cannot sync directory user ${objectId} as an employee (${tag}): mandatory fields with neither a ` +
          `directory value nor a default: ${mapped.missing.join(', ')}; nothing written`,
      );
    }
    fields = mapped.fields;
  }

  const holders = planHolders({ input, self, rule, username, email, target: record });
  const ops: PlanOp[] = [...holders.ops];
  let ref: RecordRef;
  if (record === null) {
    ref = { kind, id: null };
    const reason = `S3.2 created a ${kind} for directory user ${objectId}: no ${kind} has e-mail ${email ?? '(none)'} (${tag})`;
    if (kind === 'employee') ops.push({ type: 'create', kind, fields: fields as EmployeeFields, reason });
    else if (accountId !== null) ops.push({ type: 'create', kind, fields, accountId, reason });
  } else {
    ref = refOf(record);
    if (target.type === 'merge') {
      ops.push({
        type: 'merge',
        record: ref,
        reason: `S3.2 merged directory user ${objectId} into ${describeRecord(record)} by e-mail ${email}; record id kept (${tag})`,
      });
    }
    const changes = diffFields(record, fields);
    const move =
      record.kind === 'contact' && accountId !== null && record.accountId !== accountId ? accountId : null;
    if (Object.keys(changes).length > 0 || move !== null) {
      const what = [...Object.keys(changes), ...(move !== null ? [`account ${move}`] : [])].join(', ');
      ops.push({
        type: 'update',
        record: ref,
        changes,
        ...(move !== null ? { accountId: move } : {}),
        reason: `S4.3 wrote ${what} of ${describeRecord(record)} from directory user ${objectId} (${tag}, trigger ${input.trigger})`,
      });
    }
  }

  const exempt = record !== null && isRoot(record);
  const enabled = user.accountEnabled;
  const status = record?.status ?? 'active';
  if (!exempt && !enabled && status === 'active') {
    ops.push({
      type: 'deactivate',
      record: ref,
      reason: `S5.2 deactivated the ${kind}: accountEnabled is false (${tag})`,
    });
  } else if (!exempt && enabled && status === 'inactive') {
    ops.push({
      type: 'reactivate',
      record: ref,
      reason: `S5.2 reactivated the ${kind}: accountEnabled is true (${tag})`,
    });
  }
  if (!exempt) {
    const access = holders.loginBlocked ? NO_ACCESS : desiredAccess(kind, ruleAccess, username, enabled);
    if (!sameAccess(record ? accessOf(record) : NO_ACCESS, access)) {
      ops.push({
        type: 'setAccess',
        record: ref,
        access,
        reason: `S6.1 access of the ${kind} replaced by ${tag}: ${describeAccess(access)}`,
      });
    }
  }
  const before = input.link?.record ?? null;
  if (!before || !sameRecord(refOf(before), ref)) {
    const where = record ? describeRecord(record) : `the new ${kind}`;
    const moved = before ? ` (moved from ${describeRecord(before)})` : '';
    ops.push({
      type: 'link',
      record: ref,
      reason: `S3.1 linked directory user ${objectId} of connection ${input.connectionId} to ${where}${moved} (${tag})`,
    });
  }
  ops.push(...holders.conflicts);
  return {
    ...draft,
    link: { record: ref, inScope: true },
    ops,
    idle: `S4.3 ${record ? describeRecord(record) : kind} already matches the directory (${tag})`,
  };
}
