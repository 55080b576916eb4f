import type { EmployeeFields, LoginState, PersonFields, RecordKind } from './types';

/** A record the plan touches: an existing one by id, or (`id: null`) the one this plan creates. */
export type RecordRef = { kind: RecordKind; id: string } | { kind: RecordKind; id: null };

/** Access of a record after the plan (S6.1): the login, and for contacts the portal flag. */
export interface AccessState {
  login: LoginState | null;
  /** contacts only; false for employees */
  portalAccess: boolean;
}

export type CreateFields =
  { kind: 'employee'; fields: EmployeeFields } | { kind: 'contact'; fields: PersonFields; accountId: string };

/**
 * One step of a plan. Every step carries a human-readable reason that names the SPEC rule,
 * which the apply step writes to the audit log (S6.4). Ops run in array order; `simulate.ts`
 * (`applyPlan`) is the reference semantics of each one:
 * - create: new record, status active, no login, portalAccess false (access follows as `setAccess`).
 * - merge: marks an existing record as the target; its fields follow as `update`.
 * - update: writes exactly `changes` (null clears); `accountId` moves a contact to the rule's account (S1.3).
 * - deactivate / reactivate: status only; the login's enabled flag is always a separate `setAccess`.
 * - archive: status archived, e-mail := `email`, login := { username, enabled false, role null, modules [] }
 *   (no login when `username` is null).
 * - removePortalLogin: contact login := null, portalAccess := false; the contact stays (D10).
 * - setAccess: login := access.login (null removes it); contacts also portalAccess := access.portalAccess.
 * - link: audit only; the link row itself is `Plan.link`.
 * - conflict / error / noop: audit (or debug log) only, no writes.
 */
export type PlanOp =
  | ({ type: 'create'; reason: string } & CreateFields)
  | { type: 'merge'; record: { kind: RecordKind; id: string }; reason: string }
  | {
      type: 'update';
      record: RecordRef;
      changes: Partial<EmployeeFields>;
      /** contacts only: the winning rule's account when the contact lives under another one (S1.3) */
      accountId?: string;
      reason: string;
    }
  | { type: 'deactivate'; record: RecordRef; reason: string }
  | { type: 'reactivate'; record: RecordRef; reason: string }
  | {
      type: 'archive';
      record: { kind: 'employee'; id: string };
      /** `<username>_Archived[N]`, or null when the employee had no login */
      username: string | null;
      /** `<email>_Archived[N]`, or null when the employee had no e-mail */
      email: string | null;
      reason: string;
    }
  | { type: 'removePortalLogin'; record: { kind: 'contact'; id: string }; reason: string }
  | { type: 'setAccess'; record: RecordRef; access: AccessState; reason: string }
  | { type: 'link'; record: RecordRef; reason: string }
  | { type: 'conflict'; reason: string; recordId: string | null }
  | { type: 'error'; reason: string }
  | { type: 'noop'; reason: string };

export type PlanOutcome = 'changed' | 'unchanged' | 'stale' | 'conflict' | 'error';

export interface Plan {
  connectionId: string;
  objectId: string;
  observedAt: Date;
  /** the winning rule (S1.2), null when the user is out of scope or deleted */
  winningRuleId: number | null;
  /** why that rule won, for the audit log and explain */
  precedence: string;
  /** fingerprint of the directory state this plan applies (stored on the link) */
  fingerprint: string | null;
  /** the link after the plan; null leaves no link (nothing was ever synced) */
  link: { record: RecordRef; inScope: boolean } | null;
  ops: PlanOp[];
  outcome: PlanOutcome;
}
