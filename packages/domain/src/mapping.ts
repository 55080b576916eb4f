import type { DirectoryUserFields, EmployeeDefaults, EmployeeFields, PersonFields } from './types';

/** Trimmed value, or null when absent or blank: a blank directory value counts as cleared (S2.4). */
export function clean(value: string | null | undefined): string | null {
  if (value == null) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** S2.1 / D4: the UPN before `@`, case kept. */
export function usernameFromUpn(upn: string | null): string | null {
  const value = clean(upn);
  if (value === null) return null;
  const at = value.indexOf('@');
  return clean(at === -1 ? value : value.slice(0, at));
}

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+$/;

/** S2.1 / D4: `mail` trimmed; when empty, the UPN if it is an e-mail address. Case kept. */
export function emailOf(user: Pick<DirectoryUserFields, 'mail' | 'userPrincipalName'>): string | null {
  const mail = clean(user.mail);
  if (mail !== null) return mail;
  const upn = clean(user.userPrincipalName);
  return upn !== null && EMAIL_SHAPE.test(upn) ? upn : null;
}

/** D4 / S3.2: the form e-mails are compared in. */
export function normaliseEmail(email: string | null | undefined): string | null {
  return clean(email)?.toLowerCase() ?? null;
}

/** S2.1 / S2.2: only the mapped properties; a cleared optional value clears the field (S2.4). */
export function mapPersonFields(user: DirectoryUserFields): PersonFields {
  return {
    firstName: clean(user.givenName),
    lastName: clean(user.surname),
    email: emailOf(user),
    officePhone: clean(user.businessPhones[0]),
    mobilePhone: clean(user.mobilePhone),
    jobTitle: clean(user.jobTitle),
  };
}

/** D5: the employee fields creation cannot do without. */
export const MANDATORY_EMPLOYEE_FIELDS = [
  'firstName',
  'lastName',
  'department',
  'location',
  'timeZone',
  'securityRole',
] as const;
export type MandatoryEmployeeField = (typeof MANDATORY_EMPLOYEE_FIELDS)[number];

export type EmployeeMapping =
  | { ok: true; fields: EmployeeFields; securityRole: string }
  | { ok: false; missing: MandatoryEmployeeField[] };

export interface EmployeeMappingOptions {
  /** the winning rule's security role; falls back to the default (D5) */
  securityRole?: string | null;
  /**
   * The record being updated, if any. Department, location and time zone are not directory properties
   * (S2.2), so an existing record keeps its own values and only empty ones take the default.
   */
  existing?: Pick<EmployeeFields, 'department' | 'location' | 'timeZone'> | null;
}

/** S2.3: the directory's fields of an employee; HR fields kept from `existing`, else the defaults. */
export function employeeFieldsOf(
  user: DirectoryUserFields,
  defaults: EmployeeDefaults,
  existing: Pick<EmployeeFields, 'department' | 'location' | 'timeZone'> | null,
): EmployeeFields {
  // a plain literal (no spread of the person fields): this runs for every user of a full sync
  return {
    firstName: clean(user.givenName) ?? clean(defaults.firstName),
    lastName: clean(user.surname) ?? clean(defaults.lastName),
    email: emailOf(user),
    officePhone: clean(user.businessPhones[0]),
    mobilePhone: clean(user.mobilePhone),
    jobTitle: clean(user.jobTitle),
    department: clean(existing?.department) ?? clean(defaults.department),
    location: clean(existing?.location) ?? clean(defaults.location),
    timeZone: clean(existing?.timeZone) ?? clean(defaults.timeZone),
  };
}

/** S2.3 / S2.4 / D5: mapped fields with employee defaults, or the mandatory fields nothing fills. */
export function mapEmployeeFields(
  user: DirectoryUserFields,
  defaults: EmployeeDefaults,
  options: EmployeeMappingOptions = {},
): EmployeeMapping {
  const fields = employeeFieldsOf(user, defaults, options.existing ?? null);
  const securityRole = clean(options.securityRole) ?? clean(defaults.securityRole);
  const missing = MANDATORY_EMPLOYEE_FIELDS.filter((name) =>
    name === 'securityRole' ? securityRole === null : fields[name] === null,
  );
  if (securityRole === null || missing.length > 0) return { ok: false, missing };
  return { ok: true, fields, securityRole };
}
