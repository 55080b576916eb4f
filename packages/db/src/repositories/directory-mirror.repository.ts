import { type Kysely, sql } from 'kysely';
import type { DirectoryObservation } from '@entra-sync/domain';
import type { Database } from '../tables/database';

/**
 * Mirrors one observation: the user row (only if not older than what is stored, S4.5) and its group
 * memberships (direct, plus `nested` for transitive-only groups). Returns false when it was older.
 */
export async function mirrorDirectoryUser(
  db: Kysely<Database>,
  connectionId: string,
  observation: DirectoryObservation,
): Promise<boolean> {
  const present = observation.state === 'present';
  const stored = await db
    .insertInto('directory_users')
    .values({
      connection_id: connectionId,
      object_id: observation.objectId,
      fields: present ? JSON.stringify(observation.user) : null,
      deleted: !present,
      observed_at: observation.observedAt,
    })
    .onConflict((oc) =>
      oc
        .columns(['connection_id', 'object_id'])
        .doUpdateSet((eb) => ({
          fields: sql`coalesce(${eb.ref('excluded.fields')}, directory_users.fields)`,
          deleted: eb.ref('excluded.deleted'),
          observed_at: eb.ref('excluded.observed_at'),
        }))
        .where('directory_users.observed_at', '<=', observation.observedAt),
    )
    .returning('object_id')
    .executeTakeFirst();
  if (!stored) return false;

  const direct = new Set(present ? observation.directGroupIds : []);
  const groups = present
    ? [...new Set([...observation.directGroupIds, ...observation.transitiveGroupIds])]
    : [];
  // Delete and upsert touch disjoint rows, so both may run without reading each other's effects.
  await db
    .deleteFrom('directory_group_members')
    .where('connection_id', '=', connectionId)
    .where('member_id', '=', observation.objectId)
    .$if(groups.length > 0, (qb) => qb.where('group_id', 'not in', groups))
    .execute();
  if (groups.length > 0) {
    await db
      .insertInto('directory_group_members')
      .values(
        groups.map((groupId) => ({
          connection_id: connectionId,
          group_id: groupId,
          member_id: observation.objectId,
          nested: !direct.has(groupId),
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['connection_id', 'group_id', 'member_id'])
          .doUpdateSet((eb) => ({ nested: eb.ref('excluded.nested') }))
          .where((eb) => eb('directory_group_members.nested', 'is distinct from', eb.ref('excluded.nested'))),
      )
      .execute();
  }
  return true;
}
