import { employeeFieldsOf, mapPersonFields } from './mapping';
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
  return employeeFieldsOf(user, defaults, null);
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
