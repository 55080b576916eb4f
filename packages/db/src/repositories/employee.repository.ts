import { type Kysely, sql } from 'kysely';
import type { EmployeeFields, EmployeeRecord, EmployeeStatus } from '@entra-sync/domain';
import type { Database } from '../tables/database';
import { employeeRecords, type StoredRecord, toPersonRecord } from './person-record.query';
import { emailKey, fieldColumns } from './record-columns';

export type StoredEmployee = StoredRecord<EmployeeRecord>;

export interface RecordQuery {
  email?: string;
  status?: string;
  objectId?: string;
  limit?: number;
  offset?: number;
}

const asEmployee = (record: ReturnType<typeof toPersonRecord>) => record as StoredEmployee;

export async function listEmployees(
  db: Kysely<Database>,
  query: RecordQuery = {},
): Promise<StoredEmployee[]> {
  const email = emailKey(query.email);
  const rows = await employeeRecords(db)
    .$if(email !== null, (qb) => qb.where(sql`lower(trim(r.email))`, '=', email))
    .$if(query.status !== undefined, (qb) => qb.where('r.status', '=', query.status as EmployeeStatus))
    .$if(query.objectId !== undefined, (qb) => qb.where('k.object_id', '=', query.objectId ?? ''))
    .orderBy('r.created_at')
    .orderBy('r.id')
    .limit(query.limit ?? 100)
    .offset(query.offset ?? 0)
    .execute();
  return rows.map((row) => asEmployee(toPersonRecord(row)));
}

export async function getEmployee(db: Kysely<Database>, id: string): Promise<StoredEmployee | null> {
  const row = await employeeRecords(db).where('r.id', '=', id).executeTakeFirst();
  return row ? asEmployee(toPersonRecord(row)) : null;
}

export type EmployeeInput = Partial<EmployeeFields> & { status?: EmployeeStatus };

/** Returns the new id. Logins are separate (login.repository). */
export async function createEmployee(db: Kysely<Database>, input: EmployeeInput): Promise<string> {
  const row = await db
    .insertInto('employees')
    .values({ ...fieldColumns('employee', input), status: input.status ?? 'active' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A local edit (S4.2): persists until the directory changes that user. Returns false when not found. */
export async function updateEmployee(
  db: Kysely<Database>,
  id: string,
  patch: EmployeeInput,
): Promise<boolean> {
  const result = await db
    .updateTable('employees')
    .set({
      ...fieldColumns('employee', patch),
      ...(patch.status ? { status: patch.status } : {}),
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
