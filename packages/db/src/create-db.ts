import { Kysely, type LogEvent, PostgresDialect } from 'kysely';
import pg from 'pg';
import { guardPool } from './guarded-pool';
import type { Database } from './tables/database';

export interface DbTimeouts {
  /** statement_timeout; also the idle-in-transaction, connect and pool-acquire bound */
  statementMs: number;
  /** lock_timeout: row, table and advisory-lock waits */
  lockMs: number;
}

/** CONTRACT's defaults (`DB_STATEMENT_TIMEOUT_MS`, `DB_LOCK_TIMEOUT_MS`), for callers without an env. */
export const DEFAULT_DB_TIMEOUTS: DbTimeouts = { statementMs: 30_000, lockMs: 10_000 };

/** How much longer than statement_timeout the client waits for an answer before it calls the server hung. */
export const HUNG_SERVER_MARGIN_MS = 5_000;

export interface CreateDbOptions {
  /** pool size */
  max?: number;
  applicationName?: string;
  /** every query (or only errors) with its duration: metrics and debug logging */
  log?: (event: LogEvent) => void;
  timeouts?: DbTimeouts;
}

export function createDb(url: string, options: CreateDbOptions = {}): Kysely<Database> {
  const { statementMs, lockMs } = options.timeouts ?? DEFAULT_DB_TIMEOUTS;
  // F2: the server bounds statements, lock waits and forgotten transactions; the client bounds what a
  // server that stopped answering cannot (connect, a free pool slot, an answer to a query sent).
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'entra-sync',
    statement_timeout: statementMs,
    lock_timeout: lockMs,
    idle_in_transaction_session_timeout: statementMs,
    connectionTimeoutMillis: statementMs,
    keepAlive: true,
  });
  // An idle client's socket error must not crash the process; the pool replaces the client.
  pool.on('error', () => undefined);
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool: guardPool(pool, statementMs + HUNG_SERVER_MARGIN_MS) }),
    ...(options.log ? { log: options.log } : {}),
  });
}

export type Db = Kysely<Database>;
