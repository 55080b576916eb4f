import { type Kysely, sql } from 'kysely';
import type {
  ContactRecord,
  ContactStatus,
  EmployeeFields,
  EmployeeRecord,
  EmployeeStatus,
  PersonFields,
  RecordKind,
} from '@entra-sync/domain';
import type { Database } from '../tables/database';
import { kindColumn, personRecords, type StoredRecord, toPersonRecord } from './person-record.query';
import { emailKey, fieldColumns, likePrefix } from './record-columns';

export type StoredEmployee = StoredRecord<EmployeeRecord>;
export type StoredContact = StoredRecord<ContactRecord>;
export type StoredRecordOf<K extends RecordKind> = K extends 'employee' ? StoredEmployee : StoredContact;

export interface RecordQuery {
  email?: string;
  status?: string;
  /** contacts' account; employees have none, so nothing matches */
  accountId?: string;
  objectId?: string;
  limit?: number;
  offset?: number;
}

export type EmployeeInput = Partial<EmployeeFields> & { status?: EmployeeStatus };
export type ContactInput = Partial<PersonFields> & {
  status?: ContactStatus;
  portalAccess?: boolean;
  accountId?: string;
};
/** What a create or a local edit writes. */
export type RecordInput<K extends RecordKind> = K extends 'employee' ? EmployeeInput : ContactInput;
/** A new contact lives under an account. */
export type NewRecord<K extends RecordKind> = K extends 'employee'
  ? EmployeeInput
  : ContactInput & { accountId: string };

const TABLES = { employee: 'employees', contact: 'contacts' } as const;

/** The fields only one kind's table has beyond `fieldColumns` (employees' are all there), by column. */
const OWN_COLUMNS: Record<RecordKind, Readonly<Record<string, string>>> = {
  employee: {},
  contact: { accountId: 'account_id', portalAccess: 'portal_access' },
};

function columnsOf(kind: RecordKind, input: EmployeeInput | ContactInput): Record<string, unknown> {
  const own = Object.entries(OWN_COLUMNS[kind]).flatMap(([field, column]) => {
    const value = (input as Record<string, unknown>)[field];
    return value === undefined ? [] : [[column, value]];
  });
  return {
    ...fieldColumns(kind, input),
    ...Object.fromEntries(own),
    ...(input.status ? { status: input.status } : {}),
  };
}

export async function listRecords<K extends RecordKind>(
  db: Kysely<Database>,
  kind: K,
  query: RecordQuery = {},
): Promise<StoredRecordOf<K>[]> {
  const email = emailKey(query.email);
  const rows = await personRecords(db, kind)
    .$if(email !== null, (qb) => qb.where(sql`lower(trim(r.email))`, '=', email))
    .$if(query.status !== undefined, (qb) => qb.where('r.status', '=', query.status ?? ''))
    .$if(query.accountId !== undefined, (qb) =>
      qb.where(kindColumn(kind, 'accountId'), '=', query.accountId ?? ''),
    )
    .$if(query.objectId !== undefined, (qb) => qb.where('k.object_id', '=', query.objectId ?? ''))
    .orderBy('r.created_at')
    .orderBy('r.id')
    .limit(query.limit ?? 100)
    .offset(query.offset ?? 0)
    .execute();
  return rows.map((row) => toPersonRecord(row) as StoredRecordOf<K>);
}

export async function getRecord<K extends RecordKind>(
  db: Kysely<Database>,
  kind: K,
  id: string,
): Promise<StoredRecordOf<K> | null> {
  const row = await personRecords(db, kind).where('r.id', '=', id).executeTakeFirst();
  return row ? (toPersonRecord(row) as StoredRecordOf<K>) : null;
}

/** Returns the new id; status `active` unless given. Logins are separate (login.repository). */
export async function createRecord<K extends RecordKind>(
  db: Kysely<Database>,
  kind: K,
  input: NewRecord<K>,
): Promise<string> {
  // raw SQL over the kind's table: Kysely cannot type an insert into "employees or contacts"
  const columns = Object.entries({ status: 'active', ...columnsOf(kind, input) });
  const { rows } = await sql<{ id: string }>`
    insert into ${sql.table(TABLES[kind])} (${sql.join(columns.map(([column]) => sql.ref(column)))})
    values (${sql.join(columns.map(([, value]) => value))})
    returning id`.execute(db);
  if (!rows[0]) throw new Error(`${kind}: the insert returned no id`);
  return rows[0].id;
}

/** A local edit (S4.2): persists until the directory changes that user. Returns false when not found. */
export async function updateRecord<K extends RecordKind>(
  db: Kysely<Database>,
  kind: K,
  id: string,
  patch: RecordInput<K>,
): Promise<boolean> {
  const set = Object.entries(columnsOf(kind, patch)).map(
    ([column, value]) => sql`${sql.ref(column)} = ${value}`,
  );
  const result = await sql`
    update ${sql.table(TABLES[kind])} set ${sql.join([...set, sql`updated_at = now()`])}
    where id = ${id}`.execute(db);
  return (result.numAffectedRows ?? 0n) > 0n;
}

/** S6.2 / A8: employees archived away from this e-mail (`<email>_Archived[N]`), by id. */
export async function archivedEmployeeIds(db: Kysely<Database>, email: string): Promise<string[]> {
  const key = emailKey(email);
  if (key === null) return [];
  const rows = await db
    .selectFrom('employees')
    .select('id')
    .where(sql`lower(trim(email))`, 'like', likePrefix(`${key}_archived`))
    .execute();
  return rows.map((row) => row.id);
}

/** Records of either kind with the e-mail (D4), up to `limit` per kind, and employees archived away from it. */
export async function recordsByEmail(
  db: Kysely<Database>,
  email: string,
  limit = 50,
): Promise<Array<StoredEmployee | StoredContact>> {
  const employees = await listRecords(db, 'employee', { email, limit });
  const contacts = await listRecords(db, 'contact', { email, limit });
  const archived = await Promise.all(
    (await archivedEmployeeIds(db, email)).map((id) => getRecord(db, 'employee', id)),
  );
  return [...employees, ...contacts, ...archived.filter((r): r is StoredEmployee => r !== null)];
}

// The names the workers, the launcher and the tests use for one kind.
export const listEmployees = (db: Kysely<Database>, query?: RecordQuery) =>
  listRecords(db, 'employee', query);
export const listContacts = (db: Kysely<Database>, query?: RecordQuery) => listRecords(db, 'contact', query);
export const getEmployee = (db: Kysely<Database>, id: string) => getRecord(db, 'employee', id);
export const getContact = (db: Kysely<Database>, id: string) => getRecord(db, 'contact', id);
export const createEmployee = (db: Kysely<Database>, input: EmployeeInput) =>
  createRecord(db, 'employee', input);
export const createContact = (db: Kysely<Database>, input: NewRecord<'contact'>) =>
  createRecord(db, 'contact', input);
export const updateEmployee = (db: Kysely<Database>, id: string, patch: EmployeeInput) =>
  updateRecord(db, 'employee', id, patch);
export const updateContact = (db: Kysely<Database>, id: string, patch: ContactInput) =>
  updateRecord(db, 'contact', id, patch);
