import { hash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { type DirectoryObservation, emailOf, normaliseEmail, usernameFromUpn } from '@entra-sync/domain';
import type { Database } from '../tables/database';

/**
 * A signed 64-bit advisory lock key for a name (sha-256 prefix; a collision only serialises more). The
 * one-shot hash in hex is half the cost of a Hash object and a Buffer; the key is the same either way.
 */
export function lockKey(name: string): bigint {
  return BigInt.asIntN(64, BigInt(`0x${hash('sha256', name, 'hex').slice(0, 16)}`));
}

/**
 * B2: the keys that serialise everything touching the users' records: per user its (connection, object id)
 * (S4.5), its normalised e-mail (two users racing for one e-mail, S3.2/S3.3) and its lower-cased username
 * (one login per username, S6.2/S6.3). The union, sorted, so every transaction takes them in one global order.
 */
export function lockKeys(connectionId: string, observations: readonly DirectoryObservation[]): bigint[] {
  const keys = new Set<bigint>();
  for (const observation of observations) {
    keys.add(lockKey(`object:${connectionId}:${observation.objectId}`));
    if (observation.state !== 'present') continue;
    const email = normaliseEmail(emailOf(observation.user));
    const username = usernameFromUpn(observation.user.userPrincipalName)?.toLowerCase() ?? null;
    if (email !== null) keys.add(lockKey(`email:${email}`));
    if (username !== null) keys.add(lockKey(`username:${username}`));
  }
  return [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Takes the transaction-level locks in one statement, also when there are no keys; `unnest` yields the keys
 * in array order and the aggregate takes them one by one. Must run under READ COMMITTED: later statements
 * then see what lock holders committed. Each key is a slot in Postgres' shared lock table
 * (max_locks_per_transaction × max_connections).
 */
export async function lockKeysInOrder(trx: Kysely<Database>, keys: readonly bigint[]): Promise<void> {
  // jit off for the batch: its estimates (arrays of keys) trigger compilations slower than the queries.
  // seq scans off: every batch statement is built as index probes, but while a first sync grows the tables
  // faster than autovacuum analyzes them, the planner trusts stale sizes and scanned logins once per archive
  // name (the last batch of a 100k-user sync took 6.5 s in that one statement).
  // the keys as one comma-separated text: node-postgres escapes an array parameter element by element
  await sql`select set_config('jit', 'off', true), set_config('enable_seqscan', 'off', true), count(pg_advisory_xact_lock(k))
    from unnest(string_to_array(${keys.join(',')}, ',')::bigint[]) as k`.execute(trx);
}
