import { accessOf, describeAccess, NO_ACCESS, sameAccess } from './access';
import { fingerprint } from './fingerprint';
import type { PlanDraft } from './plan-result';
import { describeRecord, isArchived, isRoot, refOf } from './record-ref';
import type { DirectoryObservation, PlanInput } from './types';

type Deleted = Extract<DirectoryObservation, { state: 'deleted' }>;

const draft = (input: PlanInput, precedence: string, fp: string, idle: string): PlanDraft => ({
  winningRuleId: null,
  precedence,
  fingerprint: fp,
  link: input.link ? { record: refOf(input.link.record), inScope: false } : null,
  ops: [],
  idle,
});

/** S5.1 / D12: deactivate and disable the login, keep username, role, record and link (a restore reactivates). */
export function planDeleted(input: PlanInput, observation: Deleted): PlanDraft {
  const fp = fingerprint({ scope: 'deleted' });
  const how = observation.hard ? 'hard-deleted' : 'soft-deleted (recycle bin)';
  const result = draft(input, `S5.1 user ${how}: no rule applies`, fp, '');
  const linked = input.link;
  if (!linked) return { ...result, idle: `S5.1/D12 user ${how} and never synced: nothing to do` };
  const { record } = linked;
  if (isRoot(record))
    return { ...result, idle: `S5.1 ${describeRecord(record)} is exempt: never deactivated by sync` };
  if (input.trigger === 'reconcile' && linked.link.fingerprint === fp) {
    return { ...result, idle: 'S4.3/D1 reconcile: deletion already applied' };
  }
  const because = `directory user ${observation.objectId} was ${how}; the record is kept, never deleted`;
  const ref = refOf(record);
  if (record.status === 'active') {
    result.ops.push({
      type: 'deactivate',
      record: ref,
      reason: `S5.1 deactivated ${describeRecord(record)}: ${because}`,
    });
  }
  if (record.login?.enabled) {
    const access = { ...accessOf(record), login: { ...record.login, enabled: false } };
    result.ops.push({
      type: 'setAccess',
      record: ref,
      access,
      reason: `S5.1/D12 disabled the login of ${describeRecord(record)}, username and role kept for a restore: ${because}`,
    });
  }
  return {
    ...result,
    idle: `S5.1 ${describeRecord(record)} is already ${record.status} with its login disabled`,
  };
}

/** S5.3 / D11: out of scope — the login is disabled and stripped, the record and its status stay. */
export function planOutOfScope(input: PlanInput, precedence: string): PlanDraft {
  const fp = fingerprint({ scope: 'out' });
  const result = draft(input, precedence, fp, '');
  const linked = input.link;
  if (!linked)
    return { ...result, idle: 'S1.1 not in scope of any mapping rule and never synced: nothing to do' };
  const { record } = linked;
  if (isRoot(record))
    return { ...result, idle: `S6.1 ${describeRecord(record)} is exempt: access never stripped by sync` };
  if (isArchived(record))
    return { ...result, idle: `S5.3 ${describeRecord(record)} is archived: nothing to strip` };
  if (input.trigger === 'reconcile' && linked.link.fingerprint === fp && !linked.link.inScope) {
    return { ...result, idle: 'S4.3/D1 reconcile: out-of-scope state already applied' };
  }
  const current = accessOf(record);
  const access = record.login
    ? { ...NO_ACCESS, login: { ...record.login, enabled: false, role: null, modules: [] } }
    : NO_ACCESS;
  if (!sameAccess(current, access)) {
    result.ops.push({
      type: 'setAccess',
      record: refOf(record),
      access,
      reason:
        `S5.3/D11 removed the access of ${describeRecord(record)} (now ${describeAccess(access)}): directory user ` +
        `${input.observation.objectId} left every mapped group; record, status and link kept`,
    });
  }
  return { ...result, idle: `S5.3 ${describeRecord(record)} already has no access` };
}
