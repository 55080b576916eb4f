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
 * The keys that serialise everything touching one directory user's records: its (connection, object id)
 * (S4.5), its normalised e-mail (two users racing for one e-mail, S3.2/S3.3) and its lower-cased username
 * (one login per username, S6.2/S6.3). Sorted, so every transaction takes them in the same order.
 */
export function userLockKeys(connectionId: string, observation: DirectoryObservation): bigint[] {
  const keys = new Set<bigint>();
  addUserLockKeys(keys, connectionId, observation);
  return [...keys].sort(byKey);
}

export const byKey = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);

/** `userLockKeys` unsorted, into `keys` (a batch sorts the union once). */
export function addUserLockKeys(
  keys: Set<bigint>,
  connectionId: string,
  observation: DirectoryObservation,
): void {
  keys.add(lockKey(`object:${connectionId}:${observation.objectId}`));
  if (observation.state !== 'present') return;
  const email = normaliseEmail(emailOf(observation.user));
  const username = usernameFromUpn(observation.user.userPrincipalName)?.toLowerCase() ?? null;
  if (email !== null) keys.add(lockKey(`email:${email}`));
  if (username !== null) keys.add(lockKey(`username:${username}`));
}

/**
 * Takes the transaction-level locks in one statement; a select list is evaluated left to right, so
 * the order holds. Must run under READ COMMITTED: later statements then see what lock holders committed.
 */
export async function lockUser(trx: Kysely<Database>, keys: readonly bigint[]): Promise<void> {
  if (keys.length === 0) return;
  const calls = keys.map((key) => sql`pg_advisory_xact_lock(${key.toString()}::bigint)`);
  await sql`select ${sql.join(calls)}`.execute(trx);
}
