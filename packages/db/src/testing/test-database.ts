import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { createDb } from '../create-db';
import { migrateToLatest } from '../migrate';
import type { Database } from '../tables/database';

// One migrated template per jest run (global setup); every test file clones it (fast), so files
// never share rows and migrations run once. Names carry the run id so teardown drops only its own.
export const TEMPLATE_ENV = 'ENTRA_SYNC_TEST_TEMPLATE';
export const TEMPLATE_ERROR_ENV = 'ENTRA_SYNC_TEST_TEMPLATE_ERROR';
const PREFIX = 'entra_sync_test_';

export interface TestDatabase {
  db: Kysely<Database>;
  url: string;
  name: string;
  destroy(): Promise<void>;
}

export function testBaseUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export function databaseUrl(name: string, base = testBaseUrl()): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

function quoteName(name: string): string {
  if (!/^[a-z0-9_]{1,63}$/.test(name)) throw new Error(`unexpected test database name ${name}`);
  return `"${name}"`;
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testBaseUrl(), application_name: 'entra-sync-tests' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function createDatabase(name: string, template: string): Promise<void> {
  await withAdmin(async (client) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await client.query(`create database ${quoteName(name)} template ${quoteName(template)}`);
        return;
      } catch (error) {
        // 55006: the template is briefly in use (another clone starting); retry.
        if ((error as { code?: string }).code !== '55006' || attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  });
}

async function dropDatabase(name: string): Promise<void> {
  await withAdmin((client) => client.query(`drop database if exists ${quoteName(name)} with (force)`));
}

/** Global setup: a migrated template for this run. Returns its name. */
export async function prepareTemplateDatabase(): Promise<string> {
  const template = `${PREFIX}${randomBytes(4).toString('hex')}_template`;
  await createDatabase(template, 'template0');
  const db = createDb(databaseUrl(template), { max: 1 });
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    await dropDatabase(template);
    throw error;
  }
  await db.destroy();
  return template;
}

/** Global teardown: drops the template and every clone of this run. */
export async function dropRunDatabases(template: string): Promise<void> {
  const runPrefix = template.replace(/_template$/, '');
  const { rows } = await withAdmin((client) =>
    client.query<{ datname: string }>(`select datname from pg_database where starts_with(datname, $1)`, [
      runPrefix,
    ]),
  );
  for (const { datname } of rows) await dropDatabase(datname);
}

export interface TestDatabaseOptions {
  /** false: an empty database without migrations (migration tests) */
  migrated?: boolean;
  max?: number;
}

/** A private database for one test file: a clone of the run's migrated template. */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const template = process.env[TEMPLATE_ENV];
  if (!template) {
    const failure = process.env[TEMPLATE_ERROR_ENV];
    if (failure) throw new Error(`no test template database: ${failure}`);
    throw new Error(
      `${TEMPLATE_ENV} is not set: run tests through jest (scripts/jest-global-setup.ts prepares the template ` +
        `database at TEST_DATABASE_URL)`,
    );
  }
  const worker = process.env.JEST_WORKER_ID ?? '0';
  const name = `${template.replace(/_template$/, '')}_w${worker}_${randomBytes(3).toString('hex')}`;
  await createDatabase(name, options.migrated === false ? 'template0' : template);
  const url = databaseUrl(name);
  const db = createDb(url, { max: options.max ?? 10, applicationName: 'entra-sync-tests' });
  return {
    db,
    url,
    name,
    async destroy() {
      await db.destroy();
      await dropDatabase(name);
    },
  };
}
