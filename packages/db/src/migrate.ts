import {
  type Kysely,
  type MigrationResultSet,
  type MigrationResult,
  Migrator,
  NO_MIGRATIONS,
  sql,
} from 'kysely';
import { migrations } from './migrations';

// Session-level lock held on one connection around the whole Migrator run, including its own
// bookkeeping-table creation, so replicas starting together cannot race (STYLE habit 10).
const MIGRATION_LOCK_KEY = 7_311_520_049_913_001n;
// F3: a replica waits this long for another one's migrations (its own lock wait, not DB_LOCK_TIMEOUT_MS), and
// a migration's statements (an index on a large table) are not cut short by DB_STATEMENT_TIMEOUT_MS.
// `set statement_timeout = 0` also lifts the client's read timeout for this session (guarded-pool.ts).

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly results: readonly MigrationResult[],
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

async function resetTimeouts<DB>(conn: Kysely<DB>): Promise<void> {
  await sql`reset lock_timeout`.execute(conn);
  await sql`reset statement_timeout`.execute(conn);
}

async function runLocked<DB>(
  db: Kysely<DB>,
  run: (migrator: Migrator) => Promise<MigrationResultSet>,
): Promise<MigrationResult[]> {
  return db.connection().execute(async (conn) => {
    await sql`set lock_timeout = '10min'`.execute(conn);
    await sql`set statement_timeout = 0`.execute(conn);
    try {
      await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY.toString()}::bigint)`.execute(conn);
    } catch (err) {
      await resetTimeouts(conn).catch(() => undefined);
      throw err;
    }
    try {
      const migrator = new Migrator({ db: conn, provider: { getMigrations: async () => migrations } });
      const { error, results = [] } = await run(migrator);
      if (error) {
        const failed = results.find((r) => r.status === 'Error')?.migrationName ?? 'migration bookkeeping';
        const detail = error instanceof Error ? error.message : String(error);
        throw new MigrationError(`migration failed at ${failed}: ${detail}`, results, { cause: error });
      }
      return results;
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY.toString()}::bigint)`.execute(conn);
      await resetTimeouts(conn);
    }
  });
}

/** Applies every pending migration; returns what ran (empty when already up to date). */
export function migrateToLatest<DB>(db: Kysely<DB>): Promise<MigrationResult[]> {
  return runLocked(db, (m) => m.migrateToLatest());
}

/** Reverts the newest applied migration (operators and tests only). */
export function migrateDown<DB>(db: Kysely<DB>): Promise<MigrationResult[]> {
  return runLocked(db, (m) => m.migrateDown());
}

/** Reverts every applied migration, newest first (tests only). */
export function migrateToEmpty<DB>(db: Kysely<DB>): Promise<MigrationResult[]> {
  return runLocked(db, (m) => m.migrateTo(NO_MIGRATIONS));
}
