import { type Kysely, sql } from 'kysely';
import type { Database } from '../../tables/database';
import type { UserToApply } from '../load-plan-input';
import { addUserLockKeys, byKey } from '../user-locks';

/**
 * B2 for a batch: the union of every user's keys (`userLockKeys`: object, e-mail, username), sorted like
 * a single apply sorts its own, so batches and single applies always lock in one global order.
 */
export function batchLockKeys(connectionId: string, users: readonly UserToApply[]): bigint[] {
  const keys = new Set<bigint>();
  for (const user of users) addUserLockKeys(keys, connectionId, user.observation);
  return [...keys].sort(byKey);
}

/**
 * One statement, also when there are no keys; `unnest` yields the keys in array order and the aggregate takes them one by one.
 * Each key is a slot in Postgres' shared lock table (max_locks_per_transaction × max_connections).
 */
export async function lockBatch(trx: Kysely<Database>, keys: readonly bigint[]): Promise<void> {
  // jit off for the batch: its estimates (arrays of keys) trigger compilations slower than the queries.
  // seq scans off: every batch statement is built as index probes, but while a first sync grows the tables
  // faster than autovacuum analyzes them, the planner trusts stale sizes and scanned logins once per archive
  // name (the last batch of a 100k-user sync took 6.5 s in that one statement).
  // the keys as one comma-separated text: node-postgres escapes an array parameter element by element
  await sql`select set_config('jit', 'off', true), set_config('enable_seqscan', 'off', true), count(pg_advisory_xact_lock(k))
    from unnest(string_to_array(${keys.join(',')}, ',')::bigint[]) as k`.execute(trx);
}
