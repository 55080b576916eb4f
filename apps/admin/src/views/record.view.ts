import type { Contact, Employee } from '@entra-sync/api-contract';
import type { StoredContact, StoredEmployee, StoredRecord } from '@entra-sync/db';
import type { z } from 'zod';

const person = (r: StoredRecord) => ({
  id: r.id,
  firstName: r.firstName,
  lastName: r.lastName,
  email: r.email,
  username: r.login?.username ?? null,
  officePhone: r.officePhone,
  mobilePhone: r.mobilePhone,
  jobTitle: r.jobTitle,
});

const source = (r: StoredRecord) =>
  r.linkedTo ? { connectionId: r.linkedTo.connectionId, objectId: r.linkedTo.objectId } : null;

export const contactView = (r: StoredContact): z.output<typeof Contact> => ({
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

export const employeeView = (r: StoredEmployee): z.output<typeof Employee> => ({
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

/** Either kind, as its own resource. */
export const recordView = (r: StoredEmployee | StoredContact) =>
  r.kind === 'employee' ? employeeView(r) : contactView(r);
