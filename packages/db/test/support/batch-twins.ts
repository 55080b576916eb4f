import { sql } from 'kysely';
import type { Db } from '../../src';
import {
  createTestDatabase,
  makeAccount,
  makeConnection,
  makeRule,
  saveDefaults,
  type TestDatabase,
} from '../../src/testing';

// Two databases with the same rules and deterministic record ids (a sequence, in creation order), so the
// state one apply path leaves can be compared with the other's row for row.

export interface Twin {
  t: TestDatabase;
  db: Db;
  connectionId: string;
  accountId: string;
}

const ID = `('00000000-0000-4000-8000-' || lpad(to_hex(nextval('test_record_ids')), 12, '0'))::uuid`;

export const sequentialId = (n: number): string =>
  `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

export async function createTwin(): Promise<Twin> {
  const t = await createTestDatabase();
  const { db } = t;
  await sql`create sequence test_record_ids`.execute(db);
  await sql.raw(`alter table employees alter column id set default ${ID}`).execute(db);
  await sql.raw(`alter table contacts alter column id set default ${ID}`).execute(db);
  const connectionId = await makeConnection(db);
  const accountId = await makeAccount(db);
  await saveDefaults(db);
  await makeRule(db, connectionId, {
    groupId: 'g-staff',
    securityRole: 'Engineer',
    modules: ['time', 'tickets'],
  });
  await makeRule(db, connectionId, {
    groupId: 'g-portal',
    order: 2,
    target: 'contact',
    accountId,
    portalAccess: true,
    portalRole: 'Portal User',
  });
  await makeRule(db, connectionId, { groupId: 'g-crm', order: 3, target: 'contact', accountId });
  return { t, db, connectionId, accountId };
}

/** Back to the migrated state (root and the rules stay); record ids start again at 1. */
export async function resetTwin(twin: Twin): Promise<void> {
  await sql`
    truncate audit_log, outbox, links, directory_group_members, directory_users, tickets, invoices;
    delete from logins where contact_id is not null or employee_id not in (select id from employees where is_root);
    delete from contacts;
    delete from employees where not is_root;
    alter sequence test_record_ids restart`.execute(twin.db);
}

/** The next ids the database's own default would give, for the batch path's `newId`. */
export async function idsAfterSetup(twin: Twin): Promise<() => string> {
  const { rows } = await sql<{ n: string }>`
    select case when is_called then last_value else last_value - 1 end as n from test_record_ids`.execute(
    twin.db,
  );
  let next = Number(rows[0]?.n ?? 0);
  return () => {
    next += 1;
    return sequentialId(next);
  };
}

/** Everything sync writes, connection and account ids replaced, timestamps of writes left out. */
export async function stateOf(twin: Twin): Promise<unknown> {
  const { db } = twin;
  const q = async (query: ReturnType<typeof sql>) => (await query.execute(db)).rows;
  const state = {
    employees: await q(sql`select id, first_name, last_name, email, office_phone, mobile_phone, job_title,
      department, location, time_zone, is_root, status from employees order by id`),
    contacts:
      await q(sql`select id, account_id, first_name, last_name, email, office_phone, mobile_phone, job_title,
      status, portal_access from contacts order by id`),
    logins: await q(sql`select username, employee_id, contact_id, enabled, role, modules from logins
      order by lower(username)`),
    links:
      await q(sql`select connection_id, object_id, kind, record_id, last_observed_at, fingerprint, in_scope
      from links order by object_id`),
    mirror: await q(
      sql`select object_id, fields, deleted, observed_at from directory_users order by object_id`,
    ),
    members: await q(sql`select member_id, group_id, nested from directory_group_members
      order by member_id, group_id`),
    audit:
      await q(sql`select actor, connection_id, object_id, record_kind, record_id, rule_id, action, reason,
      before, after from audit_log order by id`),
    outbox: await q(sql`select topic, payload from outbox order by id`),
  };
  return normalise(twin, state);
}

export function normalise(twin: Twin, value: unknown): unknown {
  const text = JSON.stringify(value)
    .replaceAll(twin.connectionId, '<connection>')
    .replaceAll(twin.accountId, '<account>');
  return JSON.parse(text);
}
