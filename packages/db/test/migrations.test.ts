import { sql } from 'kysely';
import { createDb } from '../src/create-db';
import { migrateDown, migrateToEmpty, migrateToLatest } from '../src/migrate';
import { migrations } from '../src/migrations';
import { createTestDatabase, type TestDatabase } from '../src/testing';

async function tableNames(t: TestDatabase): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_name not like 'kysely_%' order by 1`.execute(t.db);
  return rows.map((r) => r.name);
}

describe('migrations', () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase({ migrated: false });
  });
  afterEach(async () => {
    await t.destroy();
  });

  it('migrate up, down to nothing, and up again', async () => {
    const names = Object.keys(migrations);
    const first = await migrateToLatest(t.db);
    expect(first.map((r) => [r.migrationName, r.status])).toEqual(names.map((n) => [n, 'Success']));
    const tables = await tableNames(t);
    expect(tables).toEqual(
      expect.arrayContaining(['accounts', 'employees', 'contacts', 'logins', 'links', 'audit_log', 'outbox']),
    );
    expect(await migrateToLatest(t.db)).toEqual([]);

    const last = await migrateDown(t.db);
    expect(last.map((r) => [r.migrationName, r.direction])).toEqual([[names[names.length - 1], 'Down']]);
    const again = await migrateToLatest(t.db);
    expect(again.map((r) => [r.migrationName, r.status])).toEqual([[names[names.length - 1], 'Success']]);
    expect(await tableNames(t)).toEqual(tables);

    await migrateToEmpty(t.db);
    expect(await tableNames(t)).toEqual([]);

    await migrateToLatest(t.db);
    expect(await tableNames(t)).toEqual(tables);
    const root = await t.db
      .selectFrom('employees')
      .innerJoin('logins', 'logins.employee_id', 'employees.id')
      .select(['logins.username', 'employees.is_root', 'logins.role'])
      .execute();
    expect(root).toEqual([{ username: 'admin', is_root: true, role: 'Administrator' }]);
  });

  it('replicas migrating at the same time apply each migration once (advisory lock)', async () => {
    const replicas = Array.from({ length: 6 }, () => createDb(t.url, { max: 2 }));
    try {
      const results = await Promise.all(replicas.map((db) => migrateToLatest(db)));
      const applied = results.flat().map((r) => r.migrationName);
      expect(applied.sort()).toEqual(Object.keys(migrations).sort());
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from kysely_migration`.execute(
        t.db,
      );
      expect(rows[0]?.n).toBe(Object.keys(migrations).length);
      const admins = await t.db.selectFrom('logins').select('username').execute();
      expect(admins).toEqual([{ username: 'admin' }]);
    } finally {
      await Promise.all(replicas.map((db) => db.destroy()));
    }
  });

  it('F3 a replica waits for another one migrating past DB_LOCK_TIMEOUT_MS and DB_STATEMENT_TIMEOUT_MS, then resets both', async () => {
    const holder = createDb(t.url, { max: 1 });
    const replica = createDb(t.url, { max: 1, timeouts: { statementMs: 300, lockMs: 200 } });
    try {
      // another replica holds the migration lock for longer than both bounds
      await holder.connection().execute(async (conn) => {
        await sql`select pg_advisory_lock(7311520049913001)`.execute(conn);
        const migrating = migrateToLatest(replica);
        let settled = false;
        migrating.then(
          () => (settled = true),
          () => (settled = true),
        ); // awaited below
        const waiting = async () =>
          (
            await sql<{ n: number }>`select count(*)::int as n from pg_locks
              where locktype = 'advisory' and not granted
                and database = (select oid from pg_database where datname = current_database())`.execute(conn)
          ).rows[0]?.n;
        while (!settled && (await waiting()) === 0) await sql`select pg_sleep(0.01)`.execute(conn);
        await sql`select pg_sleep(1)`.execute(conn);
        await sql`select pg_advisory_unlock(7311520049913001)`.execute(conn);
        const migrated = await migrating;
        expect(migrated.map((r) => r.status)).toEqual(Object.keys(migrations).map(() => 'Success'));
      });
      // the same pooled session is back under the configured bounds
      await expect(sql`select pg_sleep(1)`.execute(replica)).rejects.toMatchObject({ code: '57014' });
    } finally {
      await holder.destroy();
      await replica.destroy();
    }
  });

  it('S3.4 T6 the upgrade marks a connection with an employee rule as the staff tenant, others as customers', async () => {
    const later = Object.keys(migrations).filter((name) => name >= '20261207000300');
    await migrateToLatest(t.db);
    for (const _ of later) await migrateDown(t.db);
    const connection = async (name: string, target: string | null) => {
      const { rows } = await sql<{ id: string }>`
        insert into connections (name, tenant, client_id, client_secret)
        values (${name}, ${name}, 'client', '\\x00') returning id`.execute(t.db);
      const id = rows[0]?.id ?? '';
      if (target === 'employee')
        await sql`insert into mapping_rules (connection_id, group_id, "order", target)
          values (${id}, 'g', 1, 'employee')`.execute(t.db);
      if (target === 'contact')
        await sql`with a as (insert into accounts (name) values (${name}) returning id)
          insert into mapping_rules (connection_id, group_id, "order", target, account_id)
          select ${id}, 'g', 1, 'contact', a.id from a`.execute(t.db);
      return id;
    };
    const staff = await connection('staff', 'employee');
    const customer = await connection('customer', 'contact');
    const empty = await connection('empty', null);
    await migrateToLatest(t.db);
    const { rows } = await sql<{ id: string; staff_tenant: boolean }>`
      select id, staff_tenant from connections`.execute(t.db);
    const marks = Object.fromEntries(rows.map((r) => [r.id, r.staff_tenant]));
    expect(marks).toEqual({ [staff]: true, [customer]: false, [empty]: false });
  });
});
