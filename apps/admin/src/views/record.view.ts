import type { StoredContact, StoredEmployee } from '@entra-sync/db';

const person = (r: StoredContact | StoredEmployee) => ({
  id: r.id,
  firstName: r.firstName,
  lastName: r.lastName,
  email: r.email,
  username: r.login?.username ?? null,
  officePhone: r.officePhone,
  mobilePhone: r.mobilePhone,
  jobTitle: r.jobTitle,
});

const source = (r: StoredContact | StoredEmployee) =>
  r.linkedTo ? { connectionId: r.linkedTo.connectionId, objectId: r.linkedTo.objectId } : null;

/** CONTRACT.md contact fields (plus the login's state and creation time). */
export const contactView = (r: StoredContact) => ({
  ...person(r),
  accountId: r.accountId,
  status: r.status,
  portalAccess: r.portalAccess,
  portalRole: r.login?.role ?? null,
  loginEnabled: r.login?.enabled ?? null,
  source: source(r),
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

/** CONTRACT.md employee fields (plus time zone, the login's state and creation time). */
export const employeeView = (r: StoredEmployee) => ({
  ...person(r),
  department: r.department,
  location: r.location,
  timeZone: r.timeZone,
  securityRole: r.login?.role ?? null,
  modules: [...(r.login?.modules ?? [])],
  loginEnabled: r.login?.enabled ?? null,
  isRoot: r.isRoot,
  status: r.status,
  source: source(r),
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});
