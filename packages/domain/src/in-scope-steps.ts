import { accessOf, desiredAccess, describeAccess, NO_ACCESS, sameAccess } from './access';
import { fingerprint, type RuleAccessState } from './fingerprint';
import type { HolderPlan } from './login-holders';
import { mapEmployeeFields, mapPersonFields } from './mapping';
import { linkedTarget } from './matching';
import { sameRecord } from './plan-result';
import type { PlanOp, RecordRef } from './plan.types';
import { diffFields, directoryFields } from './record-fields';
import { describeRecord, isRoot, refOf } from './record-ref';
import type {
  DirectoryObservation,
  EmployeeFields,
  MappingRule,
  PersonFields,
  PersonRecord,
  PlanInput,
} from './types';

// The named steps of planInScope (S2–S6 for a user in scope), each a pure function of the Scope.

type Present = Extract<DirectoryObservation, { state: 'present' }>;

export /** What every step of an in-scope plan knows: the user, the winning rule and the names it is known by. */
interface Scope {
  input: PlanInput;
  user: Present['user'];
  objectId: string;
  rule: MappingRule;
  /** `rule #<id>`, in every reason */
  tag: string;
  username: string | null;
  email: string | null;
  ruleAccess: RuleAccessState;
}

/** D1: the directory state the plan applies, stored on the link. */
export function fingerprintOf(scope: Scope): string {
  const kind = scope.rule.target;
  return fingerprint({
    scope: 'in',
    kind,
    username: scope.username,
    fields: directoryFields(kind, scope.user, scope.input.defaults),
    accountEnabled: scope.user.accountEnabled,
    rule: scope.ruleAccess,
  });
}

/** S4.3 / D1: a reconcile of a linked, in-scope user whose directory state was applied already. */
export function unchangedSinceLastApply(scope: Scope, fp: string | null): boolean {
  const { input } = scope;
  return (
    linkedTarget(input, scope.rule.target) !== null &&
    input.trigger === 'reconcile' &&
    input.link?.link.inScope === true &&
    input.link.link.fingerprint === fp
  );
}

/** S3.3: the e-mail match is linked to another directory user. */
export function linkedElsewhereConflict(scope: Scope, record: PersonRecord): PlanOp {
  const other = record.linkedTo;
  return {
    type: 'conflict',
    recordId: record.id,
    reason:
      `S3.3 conflict: ${describeRecord(record)} matches e-mail ${scope.email} but is already linked to directory ` +
      `user ${other?.objectId} of connection ${other?.connectionId}; directory user ${scope.objectId} not linked (${scope.tag})`,
  };
}

type Fields = { ok: true; value: PersonFields | EmployeeFields } | { ok: false; error: PlanOp };

/** S2.1 / S2.3: the mapped fields; an employee's mandatory fields fall back to the defaults or fail (D5). */
export function targetFields(scope: Scope, record: PersonRecord | null): Fields {
  const { user, input, rule } = scope;
  if (rule.target === 'contact') return { ok: true, value: mapPersonFields(user) };
  const mapped = mapEmployeeFields(user, input.defaults, {
    securityRole: rule.securityRole,
    existing: record?.kind === 'employee' ? record : null,
  });
  if (mapped.ok) return { ok: true, value: mapped.fields };
  return {
    ok: false,
    error: {
      type: 'error',
      reason:
        `S2.3/D5 cannot sync directory user ${scope.objectId} as an employee (${scope.tag}): mandatory fields with ` +
        `neither a directory value nor a default: ${mapped.missing.join(', ')}; nothing written`,
    },
  };
}

/** S3.2 create or merge, then S4.3 the fields that differ (and S1.3 the rule's account for a contact). */
export function targetRecordOps(
  scope: Scope,
  record: PersonRecord | null,
  merged: boolean,
  fields: PersonFields | EmployeeFields,
): { ref: RecordRef; ops: PlanOp[] } {
  const { rule, objectId, email, tag, input } = scope;
  const kind = rule.target;
  if (record === null) {
    const reason = `S3.2 created a ${kind} for directory user ${objectId}: no ${kind} has e-mail ${email ?? '(none)'} (${tag})`;
    const ref = { kind, id: null };
    if (kind === 'employee')
      return { ref, ops: [{ type: 'create', kind, fields: fields as EmployeeFields, reason }] };
    return {
      ref,
      ops:
        rule.accountId === null ? [] : [{ type: 'create', kind, fields, accountId: rule.accountId, reason }],
    };
  }
  const ref = refOf(record);
  const ops: PlanOp[] = [];
  if (merged) {
    ops.push({
      type: 'merge',
      record: ref,
      reason: `S3.2 merged directory user ${objectId} into ${describeRecord(record)} by e-mail ${email}; record id kept (${tag})`,
    });
  }
  const changes = diffFields(record, fields);
  const move =
    record.kind === 'contact' && rule.accountId !== null && record.accountId !== rule.accountId
      ? rule.accountId
      : null;
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
  return { ref, ops };
}

/** S5.2: accountEnabled decides active or inactive; root is exempt. */
export function statusOps(scope: Scope, record: PersonRecord | null, ref: RecordRef): PlanOp[] {
  if (record !== null && isRoot(record)) return [];
  const kind = scope.rule.target;
  const enabled = scope.user.accountEnabled;
  const status = record?.status ?? 'active';
  if (!enabled && status === 'active')
    return [
      {
        type: 'deactivate',
        record: ref,
        reason: `S5.2 deactivated the ${kind}: accountEnabled is false (${scope.tag})`,
      },
    ];
  if (enabled && status === 'inactive')
    return [
      {
        type: 'reactivate',
        record: ref,
        reason: `S5.2 reactivated the ${kind}: accountEnabled is true (${scope.tag})`,
      },
    ];
  return [];
}

/** S6.1: the winning rule's access replaces the login's; no login when a holder blocks it (D8); root exempt. */
export function accessOps(
  scope: Scope,
  record: PersonRecord | null,
  ref: RecordRef,
  holders: HolderPlan,
): PlanOp[] {
  if (record !== null && isRoot(record)) return [];
  const kind = scope.rule.target;
  const access = holders.loginBlocked
    ? NO_ACCESS
    : desiredAccess(kind, scope.ruleAccess, scope.username, scope.user.accountEnabled);
  if (sameAccess(record ? accessOf(record) : NO_ACCESS, access)) return [];
  return [
    {
      type: 'setAccess',
      record: ref,
      access,
      reason: `S6.1 access of the ${kind} replaced by ${scope.tag}: ${describeAccess(access)}`,
    },
  ];
}

/** S3.1: the link moves to the target record when it points elsewhere (or nowhere yet). */
export function linkOps(scope: Scope, record: PersonRecord | null, ref: RecordRef): PlanOp[] {
  const { input, objectId, tag } = scope;
  const before = input.link?.record ?? null;
  if (before && sameRecord(refOf(before), ref)) return [];
  const where = record ? describeRecord(record) : `the new ${scope.rule.target}`;
  const moved = before ? ` (moved from ${describeRecord(before)})` : '';
  return [
    {
      type: 'link',
      record: ref,
      reason: `S3.1 linked directory user ${objectId} of connection ${input.connectionId} to ${where}${moved} (${tag})`,
    },
  ];
}
