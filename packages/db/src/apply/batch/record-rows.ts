import { type Kysely, sql } from 'kysely';
import type { ContactRecord, EmployeeRecord, PersonRecord } from '@entra-sync/domain';
import type { Database } from '../../tables/database';

// Set-based record writes: one INSERT per kind for the records the batch created (at their final state,
// ids made in Node), one UPDATE … FROM unnest per kind for loaded records whose columns changed.

const PERSON = ['firstName', 'lastName', 'email', 'officePhone', 'mobilePhone', 'jobTitle'] as const;
const EMPLOYEE = [...PERSON, 'department', 'location', 'timeZone', 'status'] as const;
const CONTACT = [...PERSON, 'accountId', 'status', 'portalAccess'] as const;

const differs = <R extends PersonRecord>(a: R, b: R, columns: readonly (keyof R)[]): boolean =>
  columns.some((c) => a[c] !== b[c]);

const column = <R, K extends keyof R>(rows: readonly R[], name: K): R[K][] => rows.map((r) => r[name]);

function employeeArrays(rows: readonly EmployeeRecord[]) {
  return sql`unnest(
    ${column(rows, 'id')}::uuid[], ${column(rows, 'firstName')}::text[], ${column(rows, 'lastName')}::text[],
    ${column(rows, 'email')}::text[], ${column(rows, 'officePhone')}::text[], ${column(rows, 'mobilePhone')}::text[],
    ${column(rows, 'jobTitle')}::text[], ${column(rows, 'department')}::text[], ${column(rows, 'location')}::text[],
    ${column(rows, 'timeZone')}::text[], ${column(rows, 'status')}::text[])`;
}

function contactArrays(rows: readonly ContactRecord[]) {
  return sql`unnest(
    ${column(rows, 'id')}::uuid[], ${column(rows, 'firstName')}::text[], ${column(rows, 'lastName')}::text[],
    ${column(rows, 'email')}::text[], ${column(rows, 'officePhone')}::text[], ${column(rows, 'mobilePhone')}::text[],
    ${column(rows, 'jobTitle')}::text[], ${column(rows, 'accountId')}::uuid[], ${column(rows, 'status')}::text[],
    ${column(rows, 'portalAccess')}::boolean[])`;
}

const PERSON_COLUMNS = sql.raw('id, first_name, last_name, email, office_phone, mobile_phone, job_title');
const PERSON_SET = sql.raw(
  'first_name = v.first_name, last_name = v.last_name, email = v.email, office_phone = v.office_phone, ' +
    'mobile_phone = v.mobile_phone, job_title = v.job_title, status = v.status, updated_at = now()',
);

async function insertEmployees(db: Kysely<Database>, rows: readonly EmployeeRecord[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`insert into employees (${PERSON_COLUMNS}, department, location, time_zone, status)
    select * from ${employeeArrays(rows)}`.execute(db);
}

async function insertContacts(db: Kysely<Database>, rows: readonly ContactRecord[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`insert into contacts (${PERSON_COLUMNS}, account_id, status, portal_access)
    select * from ${contactArrays(rows)}`.execute(db);
}

async function updateEmployees(db: Kysely<Database>, rows: readonly EmployeeRecord[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`update employees r set ${PERSON_SET},
      department = v.department, location = v.location, time_zone = v.time_zone
    from ${employeeArrays(rows)}
      as v(${PERSON_COLUMNS}, department, location, time_zone, status)
    where r.id = v.id and r.id = any(${column(rows, 'id')}::uuid[])`.execute(db);
}

async function updateContacts(db: Kysely<Database>, rows: readonly ContactRecord[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`update contacts r set ${PERSON_SET}, account_id = v.account_id, portal_access = v.portal_access
    from ${contactArrays(rows)} as v(${PERSON_COLUMNS}, account_id, status, portal_access)
    where r.id = v.id and r.id = any(${column(rows, 'id')}::uuid[])`.execute(db);
}

const employees = (records: readonly PersonRecord[]) =>
  records.filter((r): r is EmployeeRecord => r.kind === 'employee');
const contacts = (records: readonly PersonRecord[]) =>
  records.filter((r): r is ContactRecord => r.kind === 'contact');

/** Writes the created records and the changed columns of loaded ones (logins: login-rows.ts). */
export async function writeRecords(
  db: Kysely<Database>,
  created: readonly PersonRecord[],
  changed: readonly (readonly [PersonRecord, PersonRecord])[],
): Promise<void> {
  const updated = changed.flatMap(([before, now]): PersonRecord[] => {
    if (before.kind === 'employee' && now.kind === 'employee')
      return differs(before, now, EMPLOYEE) ? [now] : [];
    if (before.kind === 'contact' && now.kind === 'contact')
      return differs(before, now, CONTACT) ? [now] : [];
    throw new Error(`record ${now.id} changed kind`);
  });
  await insertEmployees(db, employees(created));
  await insertContacts(db, contacts(created));
  await updateEmployees(db, employees(updated));
  await updateContacts(db, contacts(updated));
}
