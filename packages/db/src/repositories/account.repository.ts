import { type Kysely, type Selectable, sql } from 'kysely';
import type { AccountTable } from '../tables/account.table';
import type { Database } from '../tables/database';

export interface Account {
  id: string;
  name: string;
  createdAt: Date;
  updatedAt: Date;
}

const toAccount = (row: Selectable<AccountTable>): Account => ({
  id: row.id,
  name: row.name,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export async function listAccounts(db: Kysely<Database>): Promise<Account[]> {
  const rows = await db.selectFrom('accounts').selectAll().orderBy('name').orderBy('id').execute();
  return rows.map(toAccount);
}

export async function getAccount(db: Kysely<Database>, id: string): Promise<Account | null> {
  const row = await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toAccount(row) : null;
}

export async function createAccount(db: Kysely<Database>, input: { name: string }): Promise<Account> {
  const row = await db
    .insertInto('accounts')
    .values({ name: input.name })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAccount(row);
}

export async function updateAccount(
  db: Kysely<Database>,
  id: string,
  patch: { name?: string },
): Promise<Account | null> {
  const row = await db
    .updateTable('accounts')
    .set({ ...patch, updated_at: sql`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
  return row ? toAccount(row) : null;
}
