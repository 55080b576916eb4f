import { type Kysely, sql } from 'kysely';
import type { DirectoryObservation } from '@entra-sync/domain';
import type { Database } from '../../tables/database';

/**
 * `mirrorDirectoryUser` for a whole batch in one statement (each object id at most once). A row is
 * eligible when nothing newer is stored (S4.5); an eligible row that is already identical is not
 * rewritten, and neither are unchanged memberships, so re-applying a batch writes nothing (S4.4).
 */
export async function mirrorDirectoryUsers(
  db: Kysely<Database>,
  connectionId: string,
  observations: readonly DirectoryObservation[],
): Promise<void> {
  if (observations.length === 0) return;
  const members: { objectId: string; groupId: string; nested: boolean }[] = [];
  for (const o of observations) {
    if (o.state !== 'present') continue;
    const direct = new Set(o.directGroupIds);
    for (const groupId of new Set([...direct, ...o.transitiveGroupIds])) {
      members.push({ objectId: o.objectId, groupId, nested: !direct.has(groupId) });
    }
  }
  await sql`
    with input as (
      select * from unnest(
        ${observations.map((o) => o.objectId)}::text[],
        ${observations.map((o) => (o.state === 'present' ? JSON.stringify(o.user) : null))}::text[],
        ${observations.map((o) => o.state !== 'present')}::boolean[],
        ${observations.map((o) => o.observedAt.toISOString())}::timestamptz[])
        as v(object_id, fields, deleted, observed_at)
    ), eligible as (
      select i.object_id, i.fields::jsonb as fields, i.deleted, i.observed_at,
             d.object_id is not null as stored, d.fields as stored_fields, d.deleted as stored_deleted,
             d.observed_at as stored_at
      from input i
      left join directory_users d on d.connection_id = ${connectionId} and d.object_id = i.object_id
      where d.object_id is null or d.observed_at <= i.observed_at
    ), written as (
      insert into directory_users (connection_id, object_id, fields, deleted, observed_at)
      select ${connectionId}, object_id, fields, deleted, observed_at from eligible
      where not stored
         or (coalesce(fields, stored_fields), deleted, observed_at)
            is distinct from (stored_fields, stored_deleted, stored_at)
      on conflict (connection_id, object_id) do update
        set fields = coalesce(excluded.fields, directory_users.fields),
            deleted = excluded.deleted,
            observed_at = excluded.observed_at
        where directory_users.observed_at <= excluded.observed_at
    ), groups as (
      select g.* from unnest(
        ${members.map((m) => m.objectId)}::text[], ${members.map((m) => m.groupId)}::text[],
        ${members.map((m) => m.nested)}::boolean[]) as g(member_id, group_id, nested)
      where g.member_id in (select object_id from eligible)
    ), left_groups as (
      delete from directory_group_members d
      where d.connection_id = ${connectionId}
        and d.member_id in (select object_id from eligible)
        and not exists (select 1 from groups g where g.member_id = d.member_id and g.group_id = d.group_id)
    )
    insert into directory_group_members (connection_id, group_id, member_id, nested)
    select ${connectionId}, g.group_id, g.member_id, g.nested from groups g
    where not exists (
      select 1 from directory_group_members d
      where d.connection_id = ${connectionId} and d.group_id = g.group_id and d.member_id = g.member_id
        and d.nested = g.nested)
    on conflict (connection_id, group_id, member_id) do update set nested = excluded.nested
      where directory_group_members.nested is distinct from excluded.nested`.execute(db);
}
