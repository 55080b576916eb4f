import { type Kysely, sql } from 'kysely';
import type { ContactRecord, EmployeeRecord, PersonRecord } from '@entra-sync/domain';
import type { Database } from '../tables/database';
import { recordset } from './json-recordset';

// Set-based record writes: one INSERT per kind for the records the batch created (at their final state,
// ids made in Node), one UPDATE … FROM per kind for loaded records whose columns changed. Updates find
// their rows through `= any(array(select unnest(…)))`: an array the planner cannot size, so it keeps the
// primary-key probe instead of scanning the table for a long id list.

const PERSON = ['firstName', 'lastName', 'email', 'officePhone', 'mobilePhone', 'jobTitle'] as const;
const EMPLOYEE = [...PERSON, 'department', 'location', 'timeZone', 'status'] as const;
const CONTACT = [...PERSON, 'accountId', 'status', 'portalAccess'] as const;

const differs = <R extends PersonRecord>(a: R, b: R, columns: readonly (keyof R)[]): boolean =>
  columns.some((c) => a[c] !== b[c]);

const PERSON_COLUMNS = 'id, first_name, last_name, email, office_phone, mobile_phone, job_title';
const PERSON_TYPES =
  'id uuid, first_name text, last_name text, email text, office_phone text, mobile_phone text, job_title text';
const EMPLOYEE_COLUMNS = `${PERSON_COLUMNS}, department, location, time_zone, status`;
const EMPLOYEE_TYPES = `${PERSON_TYPES}, department text, location text, time_zone text, status text`;
const CONTACT_COLUMNS = `${PERSON_COLUMNS}, account_id, status, portal_access`;
const CONTACT_TYPES = `${PERSON_TYPES}, account_id uuid, status text, portal_access boolean`;
const PERSON_SET =
  'first_name = v.first_name, last_name = v.last_name, email = v.email, office_phone = v.office_phone, ' +
  'mobile_phone = v.mobile_phone, job_title = v.job_title, status = v.status, updated_at = now()';

// Plain literals: spreading an object into a literal that adds new properties takes V8's slow path.
const employeeRow = (r: EmployeeRecord) => ({
  id: r.id,
  first_name: r.firstName,
  last_name: r.lastName,
  email: r.email,
  office_phone: r.officePhone,
  mobile_phone: r.mobilePhone,
  job_title: r.jobTitle,
  department: r.department,
  location: r.location,
  time_zone: r.timeZone,
  status: r.status,
});
const contactRow = (r: ContactRecord) => ({
  id: r.id,
  first_name: r.firstName,
  last_name: r.lastName,
  email: r.email,
  office_phone: r.officePhone,
  mobile_phone: r.mobilePhone,
  job_title: r.jobTitle,
  account_id: r.accountId,
  status: r.status,
  portal_access: r.portalAccess,
});

async function insertEmployees(db: Kysely<Database>, rows: readonly EmployeeRecord[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`insert into employees (${sql.raw(EMPLOYEE_COLUMNS)})
    select ${sql.raw(EMPLOYEE_COLUMNS)} from ${recordset(rows.map(employeeRow), EMPLOYEE_TYPES)}`.execute(db);
}

async function insertContacts(db: Kysely<Database>, rows: readonly ContactRecord[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`insert into contacts (${sql.raw(CONTACT_COLUMNS)})
    select ${sql.raw(CONTACT_COLUMNS)} from ${recordset(rows.map(contactRow), CONTACT_TYPES)}`.execute(db);
}

async function updateEmployees(db: Kysely<Database>, rows: readonly EmployeeRecord[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`update employees r set ${sql.raw(PERSON_SET)},
      department = v.department, location = v.location, time_zone = v.time_zone
    from ${recordset(rows.map(employeeRow), EMPLOYEE_TYPES)}
    where r.id = v.id and r.id = any(array(select unnest(${rows.map((r) => r.id)}::uuid[])))`.execute(db);
}

async function updateContacts(db: Kysely<Database>, rows: readonly ContactRecord[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`update contacts r set ${sql.raw(PERSON_SET)}, account_id = v.account_id, portal_access = v.portal_access
    from ${recordset(rows.map(contactRow), CONTACT_TYPES)}
    where r.id = v.id and r.id = any(array(select unnest(${rows.map((r) => r.id)}::uuid[])))`.execute(db);
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
