import { type Kysely, sql } from 'kysely';
import type { LoginState, PersonRecord, RecordKind } from '@entra-sync/domain';
import type { Database } from '../tables/database';
import { recordset } from './json-recordset';

interface LoginRow {
  kind: RecordKind;
  owner: string;
  login: LoginState;
}

const sameLogin = (a: LoginState, b: LoginState): boolean =>
  a.username === b.username &&
  a.enabled === b.enabled &&
  a.role === b.role &&
  a.modules.length === b.modules.length &&
  a.modules.every((m, i) => m === b.modules[i]);

export interface LoginChanges {
  /** owners whose login goes away or changes username (case-insensitively) */
  removed: { kind: RecordKind; owner: string }[];
  /** same username (case-insensitively), other values */
  updated: LoginRow[];
  /** new logins, including renamed ones */
  inserted: LoginRow[];
}

/**
 * The login writes that turn the loaded logins into the final ones. Deleting before inserting means the
 * unique index on lower(username) only ever sees the final, collision-free set (a username can move from
 * one record to another within a batch, e.g. S6.2's archive then the contact's portal login).
 */
export function loginChanges(
  created: readonly PersonRecord[],
  changed: readonly (readonly [PersonRecord, PersonRecord])[],
): LoginChanges {
  const out: LoginChanges = { removed: [], updated: [], inserted: [] };
  for (const r of created) if (r.login) out.inserted.push({ kind: r.kind, owner: r.id, login: r.login });
  for (const [before, now] of changed) {
    const was = before.login;
    const is = now.login;
    const row = (login: LoginState): LoginRow => ({ kind: now.kind, owner: now.id, login });
    if (is === null) {
      if (was !== null) out.removed.push({ kind: now.kind, owner: now.id });
    } else if (was === null) {
      out.inserted.push(row(is));
    } else if (was.username.toLowerCase() !== is.username.toLowerCase()) {
      out.removed.push({ kind: now.kind, owner: now.id });
      out.inserted.push(row(is));
    } else if (!sameLogin(was, is)) {
      out.updated.push(row(is));
    }
  }
  return out;
}

const ownersOf = (rows: readonly { kind: RecordKind; owner: string }[], kind: RecordKind) =>
  rows.filter((r) => r.kind === kind).map((r) => r.owner);

const LOGIN_TYPES =
  'employee_id uuid, contact_id uuid, username text, enabled boolean, role text, modules text[]';
const loginRows = (rows: readonly LoginRow[]) =>
  recordset(
    rows.map((r) => ({
      employee_id: r.kind === 'employee' ? r.owner : null,
      contact_id: r.kind === 'contact' ? r.owner : null,
      username: r.login.username,
      enabled: r.login.enabled,
      role: r.login.role,
      modules: r.login.modules,
    })),
    LOGIN_TYPES,
  );

export async function writeLogins(db: Kysely<Database>, changes: LoginChanges): Promise<void> {
  const { removed, updated, inserted } = changes;
  if (removed.length > 0) {
    await sql`delete from logins
      where employee_id = any(array(select unnest(${ownersOf(removed, 'employee')}::uuid[])))
         or contact_id = any(array(select unnest(${ownersOf(removed, 'contact')}::uuid[])))`.execute(db);
  }
  for (const kind of ['employee', 'contact'] as const) {
    const rows = updated.filter((r) => r.kind === kind);
    if (rows.length === 0) continue;
    const owner = sql.ref(kind === 'employee' ? 'l.employee_id' : 'l.contact_id');
    const key = sql.ref(kind === 'employee' ? 'v.employee_id' : 'v.contact_id');
    await sql`update logins l set username = v.username, enabled = v.enabled, role = v.role,
        modules = v.modules, updated_at = now()
      from ${loginRows(rows)}
      where ${owner} = ${key} and ${owner} = any(array(select unnest(${rows.map((r) => r.owner)}::uuid[])))`.execute(
      db,
    );
  }
  if (inserted.length > 0) {
    await sql`insert into logins (employee_id, contact_id, username, enabled, role, modules)
      select employee_id, contact_id, username, enabled, role, modules from ${loginRows(inserted)}`.execute(
      db,
    );
  }
}
