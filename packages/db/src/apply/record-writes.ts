import { type Kysely, sql } from 'kysely';
import type { CreateFields, EmployeeFields, LoginState, RecordKind } from '@entra-sync/domain';
import { fieldColumns } from '../repositories/record-columns';
import type { Database } from '../tables/database';

// The SQL behind each plan op, one statement each (the executor knows the current state, so it
// never needs to read before it writes). Semantics: packages/domain/src/simulate.ts.

type Ref = { kind: RecordKind; id: string };

export async function insertRecord(db: Kysely<Database>, create: CreateFields): Promise<string> {
  if (create.kind === 'employee') {
    const row = await db
      .insertInto('employees')
      .values({ ...fieldColumns('employee', create.fields), status: 'active' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }
  const row = await db
    .insertInto('contacts')
    .values({
      ...fieldColumns('contact', create.fields),
      account_id: create.accountId,
      status: 'active',
      portal_access: false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateFields(
  db: Kysely<Database>,
  ref: Ref,
  changes: Partial<EmployeeFields>,
  accountId?: string,
): Promise<void> {
  if (ref.kind === 'employee') {
    await db
      .updateTable('employees')
      .set({ ...fieldColumns('employee', changes), updated_at: sql`now()` })
      .where('id', '=', ref.id)
      .execute();
    return;
  }
  await db
    .updateTable('contacts')
    .set({
      ...fieldColumns('contact', changes),
      ...(accountId !== undefined ? { account_id: accountId } : {}),
      updated_at: sql`now()`,
    })
    .where('id', '=', ref.id)
    .execute();
}

export async function setStatus(
  db: Kysely<Database>,
  ref: Ref,
  status: 'active' | 'inactive' | 'archived',
  email?: string | null,
): Promise<void> {
  if (ref.kind === 'employee') {
    await db
      .updateTable('employees')
      .set({ status, ...(email !== undefined ? { email } : {}), updated_at: sql`now()` })
      .where('id', '=', ref.id)
      .execute();
    return;
  }
  if (status === 'archived') throw new Error(`contact ${ref.id} cannot be archived`);
  await db
    .updateTable('contacts')
    .set({ status, updated_at: sql`now()` })
    .where('id', '=', ref.id)
    .execute();
}

export async function setPortalAccess(
  db: Kysely<Database>,
  id: string,
  portalAccess: boolean,
): Promise<void> {
  await db
    .updateTable('contacts')
    .set({ portal_access: portalAccess, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/** `current` is the login the record has now, so this is one statement (unique index on lower(username)). */
export async function writeLogin(
  db: Kysely<Database>,
  ref: Ref,
  current: LoginState | null,
  next: LoginState | null,
): Promise<void> {
  const owner = ref.kind === 'employee' ? 'employee_id' : 'contact_id';
  if (next === null) {
    if (current !== null) await db.deleteFrom('logins').where(owner, '=', ref.id).execute();
    return;
  }
  const values = {
    username: next.username,
    enabled: next.enabled,
    role: next.role,
    modules: [...next.modules],
  };
  if (current === null) {
    await db
      .insertInto('logins')
      .values({ ...values, [owner]: ref.id })
      .execute();
    return;
  }
  await db
    .updateTable('logins')
    .set({ ...values, updated_at: sql`now()` })
    .where(owner, '=', ref.id)
    .execute();
}
