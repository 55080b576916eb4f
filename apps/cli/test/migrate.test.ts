import { createTestDatabase, type TestDatabase } from '@entra-sync/db/testing';
import { runCli } from './support/run-cli';
import { closedPort } from './support/closed-port';

describe('entra-sync migrate (DATABASE_URL directly, not the API)', () => {
  let database: TestDatabase;
  let url: string;
  beforeAll(async () => {
    database = await createTestDatabase({ migrated: false });
    // trust auth ignores the password: it only proves the password is never printed
    const withPassword = new URL(database.url);
    withPassword.password = 'do-not-print-me';
    url = withPassword.toString();
  });
  afterAll(async () => {
    await database?.destroy();
  });

  it('applies every migration to an empty database, then finds it up to date (--json)', async () => {
    const first = await runCli(['migrate'], { DATABASE_URL: url });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const lines = first.stdout.trimEnd().split('\n');
    expect(lines.slice(0, -1).every((line) => /^applied \d{14}_[\w-]+$/.test(line))).toBe(true);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.at(-1)).toBe(`Database 127.0.0.1:5432/${database.name} is up to date.`);
    const tables = await database.db.introspection.getTables();
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['connections', 'employees', 'sync_runs']),
    );

    const again = await runCli(['migrate', '--json'], { DATABASE_URL: url });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual({ database: `127.0.0.1:5432/${database.name}`, applied: [] });
    expect(first.stdout + again.stdout).not.toContain('do-not-print-me');
  });

  it('exit 2 without DATABASE_URL or with a non-postgres one; exit 3 when the database cannot be reached', async () => {
    const missing = await runCli(['migrate'], {});
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('entra-sync: migrate needs DATABASE_URL (a postgres:// connection string)\n');
    const wrong = await runCli(['migrate'], { DATABASE_URL: 'mysql://x@127.0.0.1/db' });
    expect(wrong.code).toBe(2);
    const port = await closedPort();
    const down = await runCli(['migrate'], {
      DATABASE_URL: `postgres://postgres:do-not-print-me@127.0.0.1:${port}/x`,
    });
    expect(down.code).toBe(3);
    expect(down.stderr).toMatch(
      new RegExp(`^entra-sync: cannot reach the database 127\\.0\\.0\\.1:${port}/x: ECONNREFUSED`),
    );
    expect(down.stderr).not.toContain('do-not-print-me');
  });
});
