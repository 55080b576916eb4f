import { clean, mapPersonFields } from './mapping';
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
  const person = mapPersonFields(user);
  if (kind === 'contact') return person;
  return {
    ...person,
    firstName: person.firstName ?? clean(defaults.firstName),
    lastName: person.lastName ?? clean(defaults.lastName),
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
