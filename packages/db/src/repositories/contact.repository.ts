import { type Kysely, sql } from 'kysely';
import type { ContactRecord, ContactStatus, PersonFields } from '@entra-sync/domain';
import type { Database } from '../tables/database';
import type { RecordQuery } from './employee.repository';
import { contactRecords, type StoredRecord, toPersonRecord } from './person-record.query';
import { emailKey, fieldColumns } from './record-columns';

export type StoredContact = StoredRecord<ContactRecord>;

const asContact = (record: ReturnType<typeof toPersonRecord>) => record as StoredContact;

export async function listContacts(
  db: Kysely<Database>,
  query: RecordQuery & { accountId?: string } = {},
): Promise<StoredContact[]> {
  const email = emailKey(query.email);
  const rows = await contactRecords(db)
    .$if(email !== null, (qb) => qb.where(sql`lower(trim(r.email))`, '=', email))
    .$if(query.status !== undefined, (qb) => qb.where('r.status', '=', query.status as ContactStatus))
    .$if(query.accountId !== undefined, (qb) => qb.where('r.account_id', '=', query.accountId ?? ''))
    .$if(query.objectId !== undefined, (qb) => qb.where('k.object_id', '=', query.objectId ?? ''))
    .orderBy('r.created_at')
    .orderBy('r.id')
    .limit(query.limit ?? 100)
    .offset(query.offset ?? 0)
    .execute();
  return rows.map((row) => asContact(toPersonRecord(row)));
}

export async function getContact(db: Kysely<Database>, id: string): Promise<StoredContact | null> {
  const row = await contactRecords(db).where('r.id', '=', id).executeTakeFirst();
  return row ? asContact(toPersonRecord(row)) : null;
}

export type ContactInput = Partial<PersonFields> & { status?: ContactStatus; portalAccess?: boolean };

/** Returns the new id. A portal login is separate (login.repository). */
export async function createContact(
  db: Kysely<Database>,
  input: ContactInput & { accountId: string },
): Promise<string> {
  const row = await db
    .insertInto('contacts')
    .values({
      ...fieldColumns('contact', input),
      account_id: input.accountId,
      status: input.status ?? 'active',
      portal_access: input.portalAccess ?? false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A local edit (S4.2). Returns false when not found. */
export async function updateContact(
  db: Kysely<Database>,
  id: string,
  patch: ContactInput & { accountId?: string },
): Promise<boolean> {
  const result = await db
    .updateTable('contacts')
    .set({
      ...fieldColumns('contact', patch),
      ...(patch.status ? { status: patch.status } : {}),
      ...(patch.portalAccess !== undefined ? { portal_access: patch.portalAccess } : {}),
      ...(patch.accountId ? { account_id: patch.accountId } : {}),
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
