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

async function runLocked<DB>(
  db: Kysely<DB>,
  run: (migrator: Migrator) => Promise<MigrationResultSet>,
): Promise<MigrationResult[]> {
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY.toString()}::bigint)`.execute(conn);
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
