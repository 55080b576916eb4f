import { type Kysely, sql } from 'kysely';
import type { DirectoryObservation } from '@entra-sync/domain';
import type { Database } from '../tables/database';

/**
 * Mirrors one observation in one statement: the user row, only if not older than what is stored
 * (S4.5), and its group memberships (direct, plus `nested` for transitive-only groups). The delete and
 * the upsert touch disjoint rows, so they can share a statement. Returns false when it was older.
 */
export async function mirrorDirectoryUser(
  db: Kysely<Database>,
  connectionId: string,
  observation: DirectoryObservation,
): Promise<boolean> {
  const present = observation.state === 'present';
  const direct = present ? [...new Set(observation.directGroupIds)] : [];
  const groups = present ? [...new Set([...direct, ...observation.transitiveGroupIds])] : [];
  const fields = present ? JSON.stringify(observation.user) : null;
  const { objectId, observedAt } = observation;
  const { rows } = await sql<{ stored: boolean }>`
    with stored as (
      insert into directory_users (connection_id, object_id, fields, deleted, observed_at)
      values (${connectionId}, ${objectId}, ${fields}::jsonb, ${!present}, ${observedAt})
      on conflict (connection_id, object_id) do update
        set fields = coalesce(excluded.fields, directory_users.fields),
            deleted = excluded.deleted,
            observed_at = excluded.observed_at
        where directory_users.observed_at <= excluded.observed_at
      returning 1
    ), left_groups as (
      delete from directory_group_members
      where connection_id = ${connectionId} and member_id = ${objectId}
        and not (group_id = any(${groups}::text[])) and exists (select 1 from stored)
    ), joined_groups as (
      insert into directory_group_members (connection_id, group_id, member_id, nested)
      select ${connectionId}, g, ${objectId}, not (g = any(${direct}::text[]))
      from unnest(${groups}::text[]) as g
      where exists (select 1 from stored)
      on conflict (connection_id, group_id, member_id) do update set nested = excluded.nested
        where directory_group_members.nested is distinct from excluded.nested
    )
    select exists (select 1 from stored) as stored`.execute(db);
  return rows[0]?.stored ?? false;
}

/** Users the mirror last saw in a group (directly or nested): catches members a group change removed. */
export async function listMirroredGroupMembers(
  db: Kysely<Database>,
  connectionId: string,
  groupId: string,
): Promise<string[]> {
  const rows = await db
    .selectFrom('directory_group_members')
    .select('member_id')
    .where('connection_id', '=', connectionId)
    .where('group_id', '=', groupId)
    .execute();
  return rows.map((r) => r.member_id);
}

/** Of these object ids, the ones this connection has seen before (mirrored or linked): delta filters on it. */
export async function knownObjectIds(
  db: Kysely<Database>,
  connectionId: string,
  objectIds: readonly string[],
): Promise<Set<string>> {
  if (objectIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('directory_users')
    .select('object_id')
    .where('connection_id', '=', connectionId)
    .where('object_id', 'in', objectIds)
    .union(
      db
        .selectFrom('links')
        .select('object_id')
        .where('connection_id', '=', connectionId)
        .where('object_id', 'in', objectIds),
    )
    .execute();
  return new Set(rows.map((r) => r.object_id));
}
