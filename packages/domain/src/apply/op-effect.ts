import { accessOf, sameAccess } from '../access';
import type { AccessState, PlanOp, RecordRef } from '../plan.types';
import type { EmployeeFields, LoginState, PersonRecord, RecordKind } from '../types';

// What each plan op does to the records: the one place that switches over op kinds (the db package
// turns the resulting states into rows, `simulate` keeps them in memory).

export type Snapshot = Readonly<Record<string, unknown>> | null;

/** The outbox event (S9) of a record change: `<kind>.<event>`. */
export type RecordEvent =
  | 'created'
  | 'updated'
  | 'deactivated'
  | 'reactivated'
  | 'archived'
  | 'portal_login_removed'
  | 'access_changed';

/** One audit entry (S6.4): which record, its fields before and after; with `event`, also an outbox event. */
export interface Effect {
  action: PlanOp['type'];
  reason: string;
  record: { kind: RecordKind; id: string } | null;
  before: Snapshot;
  after: Snapshot;
  event?: RecordEvent;
}

/** How a run or a preview counts an op (S8 progress, the rules preview); null: not counted. */
export type ChangeKind =
  | 'created'
  | 'merged'
  | 'updated'
  | 'deactivated'
  | 'reactivated'
  | 'archived'
  | 'accessChanged'
  | 'conflicts'
  | 'errors';

interface OpKind {
  /** the op writes a record or a link (conflicts, errors and noops are notes) */
  writes: boolean;
  counts: ChangeKind | null;
}

export const OP_KINDS: { readonly [K in PlanOp['type']]: OpKind } = {
  create: { writes: true, counts: 'created' },
  merge: { writes: true, counts: 'merged' },
  update: { writes: true, counts: 'updated' },
  deactivate: { writes: true, counts: 'deactivated' },
  reactivate: { writes: true, counts: 'reactivated' },
  archive: { writes: true, counts: 'archived' },
  removePortalLogin: { writes: true, counts: 'accessChanged' },
  setAccess: { writes: true, counts: 'accessChanged' },
  link: { writes: true, counts: null },
  conflict: { writes: false, counts: 'conflicts' },
  error: { writes: false, counts: 'errors' },
  noop: { writes: false, counts: null },
};

/** The records an op reads: by ref (`id: null` is the record this plan created) and by id alone. */
export interface OpState {
  get(ref: RecordRef): PersonRecord;
  findById(id: string): PersonRecord | null;
}

/** What one op did: the new state of the record it wrote (null: nothing written) and its audit entry. */
export interface OpResult {
  record: PersonRecord | null;
  created: boolean;
  effect: Effect | null;
}

const refOf = (r: PersonRecord) => ({ kind: r.kind, id: r.id });
const NOTHING: OpResult = { record: null, created: false, effect: null };

export const loginView = (login: LoginState | null) =>
  login && {
    username: login.username,
    enabled: login.enabled,
    role: login.role,
    modules: [...login.modules],
  };

export const accessView = (r: PersonRecord): Snapshot =>
  r.kind === 'contact'
    ? { login: loginView(r.login), portalAccess: r.portalAccess }
    : { login: loginView(r.login) };

/**
 * Applies one op to the state it reads: the record's new state and the before/after of every field the op
 * touched. Pure; an op that finds the record already as it asks writes nothing and has no entry (S4.4).
 * Semantics of each op: `plan.types.ts`.
 */
export function applyOp(state: OpState, op: PlanOp, newId: () => string): OpResult {
  const note = (record: PersonRecord | null, after: Snapshot): OpResult => ({
    record: null,
    created: false,
    effect: { action: op.type, reason: op.reason, record: record && refOf(record), before: null, after },
  });
  const wrote = (record: PersonRecord, before: Snapshot, after: Snapshot, event: RecordEvent): OpResult => ({
    record,
    created: event === 'created',
    effect: { action: op.type, reason: op.reason, record: refOf(record), before, after, event },
  });
  switch (op.type) {
    case 'create': {
      const record = newRecord(newId(), op);
      const after = op.kind === 'contact' ? { accountId: op.accountId, ...op.fields } : { ...op.fields };
      return wrote(record, null, after, 'created');
    }
    case 'merge':
      return note(state.get(op.record), null);
    case 'update':
      return update(state.get(op.record), op, wrote);
    case 'deactivate':
    case 'reactivate': {
      const record = state.get(op.record);
      if (record.kind === 'employee' && record.status === 'archived')
        throw new Error(`plan would ${op.type} archived employee ${record.id}`);
      const status = op.type === 'deactivate' ? 'inactive' : 'active';
      if (record.status === status) return NOTHING;
      const event = op.type === 'deactivate' ? 'deactivated' : 'reactivated';
      const next = { ...record, status } as PersonRecord;
      return wrote(next, { status: record.status }, { status }, event);
    }
    case 'archive': {
      const record = state.get(op.record);
      if (record.kind !== 'employee') throw new Error(`plan would archive ${record.kind} ${record.id}`);
      const login: LoginState | null =
        op.username === null ? null : { username: op.username, enabled: false, role: null, modules: [] };
      const next: PersonRecord = { ...record, status: 'archived', email: op.email, login };
      const before = { status: record.status, email: record.email, login: loginView(record.login) };
      return wrote(
        next,
        before,
        { status: 'archived', email: op.email, login: loginView(login) },
        'archived',
      );
    }
    case 'removePortalLogin': {
      const record = state.get(op.record);
      if (record.kind !== 'contact')
        throw new Error(`plan would remove a portal login of ${record.kind} ${record.id}`);
      if (record.login === null && !record.portalAccess) return NOTHING;
      const next: PersonRecord = { ...record, login: null, portalAccess: false };
      return wrote(next, accessView(record), accessView(next), 'portal_login_removed');
    }
    case 'setAccess': {
      const record = state.get(op.record);
      const next = withAccess(record, op.access);
      if (next === null) return NOTHING;
      return wrote(next, accessView(record), accessView(next), 'access_changed');
    }
    case 'link': {
      const record = state.get(op.record);
      return note(record, { kind: record.kind, recordId: record.id });
    }
    case 'conflict': {
      const record = op.recordId === null ? null : state.findById(op.recordId);
      return note(record, op.recordId === null ? null : { recordId: op.recordId });
    }
    case 'error':
      return note(null, null);
    case 'noop':
      return NOTHING;
  }
}

type Wrote = (record: PersonRecord, before: Snapshot, after: Snapshot, event: RecordEvent) => OpResult;

/** S4.3: writes exactly the changed fields (null clears); a contact may move to the rule's account (S1.3). */
function update(record: PersonRecord, op: Extract<PlanOp, { type: 'update' }>, wrote: Wrote): OpResult {
  const current = record as unknown as Record<string, unknown>;
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(op.changes) as [keyof EmployeeFields, string | null][]) {
    if (!(name in current) || value === undefined || current[name] === value) continue;
    before[name] = current[name];
    after[name] = value;
  }
  if (record.kind === 'contact' && op.accountId !== undefined && op.accountId !== record.accountId) {
    before.accountId = record.accountId;
    after.accountId = op.accountId;
  }
  if (Object.keys(after).length === 0) return NOTHING;
  return wrote({ ...record, ...after } as PersonRecord, before, after, 'updated');
}

/** S6.1: the record with the access (contacts also take the portal flag), or null when it already has it. */
function withAccess(record: PersonRecord, wanted: AccessState): PersonRecord | null {
  const access = record.kind === 'contact' ? wanted : { ...wanted, portalAccess: false };
  if (sameAccess(accessOf(record), access)) return null;
  const login = access.login && { ...access.login, modules: [...access.login.modules] };
  return record.kind === 'contact'
    ? { ...record, login, portalAccess: access.portalAccess }
    : { ...record, login };
}

// Records are built as plain literals: a literal that spreads an object and adds several properties
// takes V8's slow path (tens of µs each), which a 100k-user run would pay on every create.
function newRecord(id: string, op: Extract<PlanOp, { type: 'create' }>): PersonRecord {
  const f = op.fields;
  if (op.kind === 'contact') {
    return {
      kind: 'contact',
      id,
      firstName: f.firstName,
      lastName: f.lastName,
      email: f.email,
      officePhone: f.officePhone,
      mobilePhone: f.mobilePhone,
      jobTitle: f.jobTitle,
      accountId: op.accountId,
      status: 'active',
      portalAccess: false,
      login: null,
      hasRelationalData: false,
      linkedTo: null,
    };
  }
  const e = op.fields;
  return {
    kind: 'employee',
    id,
    firstName: e.firstName,
    lastName: e.lastName,
    email: e.email,
    officePhone: e.officePhone,
    mobilePhone: e.mobilePhone,
    jobTitle: e.jobTitle,
    department: e.department,
    location: e.location,
    timeZone: e.timeZone,
    isRoot: false,
    status: 'active',
    login: null,
    hasRelationalData: false,
    linkedTo: null,
  };
}
