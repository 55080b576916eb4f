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
    // the last migration's down ran (any migration may be last: this test names none of their tables)
    expect(tables).toEqual(expect.arrayContaining(await tableNames(t)));

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
});
