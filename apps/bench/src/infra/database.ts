import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, migrateToLatest, type Db } from '@entra-sync/db';

/** The Postgres the benchmark runs against: BENCH_DATABASE_URL, else DATABASE_URL, else the local server. */
export const BASE_DATABASE_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  name: string;
  url: string;
  /** a small pool for the benchmark's own reads (seeding, polling) */
  db: Db;
  drop(): Promise<void>;
}

function urlOf(name: string): string {
  const url = new URL(BASE_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: BASE_DATABASE_URL, application_name: 'entra-sync-bench' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database `entra_bench_<random>` per scenario run, so runs never see each other's rows. */
export async function createBenchDatabase(): Promise<BenchDatabase> {
  const name = `entra_bench_${randomBytes(4).toString('hex')}`;
  await admin((client) => client.query(`create database "${name}"`));
  const url = urlOf(name);
  const db = createDb(url, { max: 4, applicationName: 'entra-sync-bench' });
  await migrateToLatest(db);
  return {
    name,
    url,
    db,
    async drop() {
      await db.destroy();
      await admin((client) => client.query(`drop database if exists "${name}" with (force)`));
    },
  };
}

/** Databases left by an interrupted run (the names are the benchmark's own). */
export async function dropStaleBenchDatabases(): Promise<number> {
  return admin(async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `select datname from pg_database where datname like 'entra\\_bench\\_%'`,
    );
    for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`);
    return rows.length;
  });
}
