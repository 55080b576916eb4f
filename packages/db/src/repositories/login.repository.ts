import { type Kysely, sql } from 'kysely';
import type { LoginState, RecordKind } from '@entra-sync/domain';
import type { Database } from '../tables/database';

export interface LoginView extends LoginState {
  kind: RecordKind;
  recordId: string;
}

/** GET /api/logins?username= — case-insensitive (usernames are unique on lower(username)). */
export async function findLoginByUsername(db: Kysely<Database>, username: string): Promise<LoginView | null> {
  const row = await db
    .selectFrom('logins')
    .select(['username', 'employee_id', 'contact_id', 'enabled', 'role', 'modules'])
    .where(sql`lower(username)`, '=', username.toLowerCase())
    .executeTakeFirst();
  if (!row) return null;
  return {
    username: row.username,
    kind: row.employee_id !== null ? 'employee' : 'contact',
    recordId: row.employee_id ?? row.contact_id ?? '',
    enabled: row.enabled,
    role: row.role,
    modules: row.modules,
  };
}

/**
 * Sets the login of a record: null removes it (freeing the username), otherwise inserts or updates
 * it. A username held by someone else fails on the unique index (never a duplicate).
 */
export async function setLogin(
  db: Kysely<Database>,
  record: { kind: RecordKind; id: string },
  login: LoginState | null,
): Promise<void> {
  const owner = record.kind === 'employee' ? 'employee_id' : 'contact_id';
  if (login === null) {
    await db.deleteFrom('logins').where(owner, '=', record.id).execute();
    return;
  }
  const values = {
    username: login.username,
    enabled: login.enabled,
    role: login.role,
    modules: [...login.modules],
  };
  const updated = await db
    .updateTable('logins')
    .set({ ...values, updated_at: sql`now()` })
    .where(owner, '=', record.id)
    .executeTakeFirst();
  if (updated.numUpdatedRows === 0n) {
    await db
      .insertInto('logins')
      .values({ ...values, [owner]: record.id })
      .execute();
  }
}
