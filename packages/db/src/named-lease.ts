import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database } from './tables/database';

/** Longer than any Graph work done under a lease; a holder that died frees its name after this. */
export const LEASE_TTL_MS = 5 * 60_000;

export type LeaseResult<T> = { held: true; value: T } | { held: false };

/**
 * Runs `work` while this process holds the lease `name` (a row with a holder and an expiry), or returns
 * `{ held: false }` at once when someone else holds it. Unlike a session advisory lock it keeps no pooled
 * connection while `work` calls Graph (F4), and a holder that crashed frees the name when it expires;
 * expiry is database time, so worker clocks do not matter (F5).
 */
export async function withNamedLease<T>(
  db: Kysely<Database>,
  name: string,
  work: () => Promise<T>,
  ttlMs = LEASE_TTL_MS,
): Promise<LeaseResult<T>> {
  const holder = randomUUID();
  const { rows } = await sql<{ holder: string }>`
    insert into named_leases (name, holder, expires_at)
    values (${name}, ${holder}, clock_timestamp() + ${ttlMs} * interval '1 millisecond')
    on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at
      where named_leases.expires_at < clock_timestamp()
    returning holder`.execute(db);
  if (rows[0]?.holder !== holder) return { held: false };
  try {
    return { held: true, value: await work() };
  } finally {
    await db.deleteFrom('named_leases').where('name', '=', name).where('holder', '=', holder).execute();
  }
}
