import type { LoginState, PersonRecord, PlanOp } from '@entra-sync/domain';

// The record shapes plan effects build: new records, and the audit views of logins and access
// (the same as execute-op.ts writes).

export const refOf = (r: PersonRecord) => ({ kind: r.kind, id: r.id });
export const loginView = (login: LoginState | null) =>
  login && {
    username: login.username,
    enabled: login.enabled,
    role: login.role,
    modules: [...login.modules],
  };
export const accessView = (r: PersonRecord) =>
  r.kind === 'contact'
    ? { login: loginView(r.login), portalAccess: r.portalAccess }
    : { login: loginView(r.login) };

// Records are built as plain literals: a literal that spreads an object and adds several properties
// takes V8's slow path (tens of µs each), which a 100k-user run would pay on every create.
export function newRecord(id: string, op: Extract<PlanOp, { type: 'create' }>): PersonRecord {
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
