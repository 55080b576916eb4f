import type { EmployeeFields, RecordKind } from '@entra-sync/domain';
import type { EmployeeTable } from '../tables/employee.table';

type FieldColumn = keyof Omit<EmployeeTable, 'id' | 'is_root' | 'status' | 'created_at' | 'updated_at'>;

const COLUMNS: Record<keyof EmployeeFields, FieldColumn> = {
  firstName: 'first_name',
  lastName: 'last_name',
  email: 'email',
  officePhone: 'office_phone',
  mobilePhone: 'mobile_phone',
  jobTitle: 'job_title',
  department: 'department',
  location: 'location',
  timeZone: 'time_zone',
};
const EMPLOYEE_ONLY = new Set<keyof EmployeeFields>(['department', 'location', 'timeZone']);

/** camelCase record fields → the columns of that kind's table (employee-only fields dropped for contacts). */
export function fieldColumns(
  kind: RecordKind,
  fields: Partial<EmployeeFields>,
): Partial<Record<FieldColumn, string | null>> {
  const columns: Partial<Record<FieldColumn, string | null>> = {};
  for (const [name, value] of Object.entries(fields) as [keyof EmployeeFields, string | null | undefined][]) {
    if (value === undefined || !(name in COLUMNS)) continue;
    if (kind === 'contact' && EMPLOYEE_ONLY.has(name)) continue;
    columns[COLUMNS[name]] = value;
  }
  return columns;
}

/** The lookup form of an e-mail (D4): trimmed and lower-cased, as the expression indexes store it. */
export function emailKey(email: string | null | undefined): string | null {
  const value = email?.trim().toLowerCase();
  return value ? value : null;
}

/** Escapes LIKE wildcards so a prefix scan matches literally. */
export function likePrefix(value: string): string {
  return `${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
