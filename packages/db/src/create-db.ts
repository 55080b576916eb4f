import { Kysely, type LogEvent, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './tables/database';

export interface CreateDbOptions {
  /** pool size */
  max?: number;
  applicationName?: string;
  /** every query (or only errors) with its duration: metrics and debug logging */
  log?: (event: LogEvent) => void;
}

export function createDb(url: string, options: CreateDbOptions = {}): Kysely<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'entra-sync',
  });
  // An idle client's socket error must not crash the process; the pool replaces the client.
  pool.on('error', () => undefined);
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    ...(options.log ? { log: options.log } : {}),
  });
}

export type Db = Kysely<Database>;
