import { type Kysely, sql } from 'kysely';
import { lockKey } from './apply/locks';
import type { Database } from './tables/database';

/**
 * Runs `work` while holding a session-level advisory lock named `name`, on one connection that `work` must use
 * for its own queries (with a single-session embedded Postgres, a second connection would wait for this one).
 * For work that spans outside calls (Graph), where a transaction would stay open too long.
 */
export async function withNamedLock<T>(
  db: Kysely<Database>,
  name: string,
  work: (conn: Kysely<Database>) => Promise<T>,
): Promise<T> {
  const key = lockKey(name).toString();
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${key}::bigint)`.execute(conn);
    try {
      return await work(conn);
    } finally {
      await sql`select pg_advisory_unlock(${key}::bigint)`.execute(conn);
    }
  });
}
