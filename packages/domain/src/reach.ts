import type { PlanOp } from './plan.types';
import { compareIds, describeRecord, type Party } from './record-ref';
import type { MappingRule, PersonRecord, PlanInput, RecordKind } from './types';

/** The words every S3.4 conflict reason starts with: the audit, explain and tests find refusals by it. */
export const OUTSIDE_REACH = 'S3.4 outside reach';

/**
 * S3.4: what a connection may merge with, take the login of, or archive. The accounts its contact rules
 * target are its account mapping (T2); employees only when it is the MSP's own staff tenant.
 */
export interface Reach {
  connectionId: string;
  staffTenant: boolean;
  /** accounts named by the connection's contact rules, sorted */
  accountIds: readonly string[];
}

export function reachOf(connectionId: string, staffTenant: boolean, rules: readonly MappingRule[]): Reach {
  const accounts = new Set<string>();
  for (const rule of rules) {
    if (rule.connectionId === connectionId && rule.target === 'contact' && rule.accountId !== null)
      accounts.add(rule.accountId);
  }
  return { connectionId, staffTenant, accountIds: [...accounts].sort(compareIds) };
}

export const reachOfInput = (input: PlanInput): Reach =>
  reachOf(input.connectionId, input.staffTenant, input.rules);

/** A record linked to this very directory user was synced by this connection already (S3.1): it stays its own. */
export function inReach(reach: Reach, record: PersonRecord, self: Party): boolean {
  const to = record.linkedTo;
  if (to !== null && to.connectionId === self.connectionId && to.objectId === self.objectId) return true;
  return record.kind === 'employee' ? reach.staffTenant : reach.accountIds.includes(record.accountId);
}

/** Why a record is outside the reach, for the conflict's reason. */
export function outsideReachWhy(reach: Reach, record: PersonRecord): string {
  if (record.kind === 'employee')
    return `connection ${reach.connectionId} is not a staff tenant, so it never takes employees`;
  const accounts = reach.accountIds.length > 0 ? reach.accountIds.join(', ') : 'no account';
  return `it belongs to account ${record.accountId} and the rules of connection ${reach.connectionId} target ${accounts}`;
}

/** S3.4: a conflict naming what would have been taken, why it is outside the reach, and the rule. */
export function outsideReachConflict(
  reach: Reach,
  record: PersonRecord,
  attempt: string,
  tail: string,
): Extract<PlanOp, { type: 'conflict' }> {
  return {
    type: 'conflict',
    recordId: record.id,
    reason: `${OUTSIDE_REACH}: ${attempt} ${describeRecord(record)}, but ${outsideReachWhy(reach, record)}; ${tail}`,
  };
}

/**
 * Which kinds of record an e-mail match can change a plan of this connection (the db loads only those):
 * contacts when a rule targets contacts; employees when the connection is a staff tenant (merge) or a
 * rule grants portal logins (S6.2 holders, refused or archived).
 */
export function emailKindsOf(reach: Reach, rules: readonly MappingRule[]): RecordKind[] {
  const own = rules.filter((r) => r.connectionId === reach.connectionId);
  const kinds: RecordKind[] = [];
  if (reach.staffTenant || own.some((r) => r.target === 'contact' && r.portalAccess)) kinds.push('employee');
  if (own.some((r) => r.target === 'contact')) kinds.push('contact');
  return kinds;
}
