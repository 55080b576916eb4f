import { clean, emailOf, mapPersonFields } from './mapping';
import type {
  DirectoryUserFields,
  EmployeeDefaults,
  EmployeeFields,
  PersonFields,
  PersonRecord,
  RecordKind,
} from './types';

/** D1: the field values the directory (read through the employee defaults) asks for; input of the fingerprint. */
export function directoryFields(
  kind: RecordKind,
  user: DirectoryUserFields,
  defaults: EmployeeDefaults,
): PersonFields | EmployeeFields {
  if (kind === 'contact') return mapPersonFields(user);
  // a plain literal (no spread of the person fields): this runs for every user of a full sync
  return {
    firstName: clean(user.givenName) ?? clean(defaults.firstName),
    lastName: clean(user.surname) ?? clean(defaults.lastName),
    email: emailOf(user),
    officePhone: clean(user.businessPhones[0]),
    mobilePhone: clean(user.mobilePhone),
    jobTitle: clean(user.jobTitle),
    department: clean(defaults.department),
    location: clean(defaults.location),
    timeZone: clean(defaults.timeZone),
  };
}

/** S4.3: exactly the fields whose record value differs from the wanted one (null clears, S2.4). */
export function diffFields(
  record: PersonRecord,
  wanted: PersonFields | EmployeeFields,
): Partial<EmployeeFields> {
  const current = record as unknown as Record<string, unknown>;
  const changes: Record<string, string | null> = {};
  for (const [name, value] of Object.entries(wanted) as [string, string | null][]) {
    if (name in current && (current[name] ?? null) !== value) changes[name] = value;
  }
  return changes as Partial<EmployeeFields>;
}
