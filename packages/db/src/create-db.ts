import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './tables/database';

export interface CreateDbOptions {
  /** pool size */
  max?: number;
  applicationName?: string;
}

export function createDb(url: string, options: CreateDbOptions = {}): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'entra-sync',
  });
  // An idle client's socket error must not crash the process; the pool replaces the client.
  pool.on('error', () => undefined);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

export type Db = Kysely<Database>;
