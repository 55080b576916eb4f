import { type Kysely, sql } from 'kysely';
import type { DirectoryObservation } from '@entra-sync/domain';
import type { Database } from '../tables/database';
import { recordset } from './json-recordset';

// Lookups are `lateral … limit 1` (never flattened into a join that hashes the whole connection) and
// updates find their rows through `= any(array(…))` index scans, so a batch costs the same at any size.
// Rows that do not exist yet are plain INSERTs: only the apply step writes the mirror, under the object
// lock (B2), so no one else can insert them meanwhile; the primary keys stay the last line of defence.

function membershipsOf(observations: readonly DirectoryObservation[]) {
  const members: { member_id: string; group_id: string; nested: boolean }[] = [];
  for (const o of observations) {
    if (o.state !== 'present') continue;
    const direct = new Set(o.directGroupIds);
    for (const groupId of new Set([...direct, ...o.transitiveGroupIds])) {
      members.push({ member_id: o.objectId, group_id: groupId, nested: !direct.has(groupId) });
    }
  }
  return members;
}

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
  const members = membershipsOf(observations);
  await sql`
    with input as (
      select * from ${recordset(
        observations.map((o) => ({
          object_id: o.objectId,
          fields: o.state === 'present' ? o.user : null,
          deleted: o.state !== 'present',
          observed_at: o.observedAt.toISOString(),
        })),
        'object_id text, fields jsonb, deleted boolean, observed_at timestamptz',
      )}
    ), eligible as materialized (
      select i.object_id, coalesce(i.fields, d.fields) as fields, i.deleted, i.observed_at,
             d.object_id is not null as stored,
             (coalesce(i.fields, d.fields), i.deleted, i.observed_at)
               is distinct from (d.fields, d.deleted, d.observed_at) as differs
      from input i
      left join lateral (
        select * from directory_users d where d.connection_id = ${connectionId} and d.object_id = i.object_id
        limit 1
      ) d on true
      where d.object_id is null or d.observed_at <= i.observed_at
    ), inserted as (
      insert into directory_users (connection_id, object_id, fields, deleted, observed_at)
      select ${connectionId}, object_id, fields, deleted, observed_at from eligible where not stored
    ), updated as (
      update directory_users u set fields = e.fields, deleted = e.deleted, observed_at = e.observed_at
      from eligible e
      where u.connection_id = ${connectionId}
        and u.object_id = any(array(select object_id from eligible where stored and differs))
        and u.object_id = e.object_id
    ), groups as materialized (
      select g.*, s.nested as stored_nested
      from json_to_recordset(${JSON.stringify(members)}::json) as g(member_id text, group_id text, nested boolean)
      left join lateral (
        select d.nested from directory_group_members d
        where d.connection_id = ${connectionId} and d.group_id = g.group_id and d.member_id = g.member_id
        limit 1
      ) s on true
      -- a hashed subplan: = any(array(...)) would compare every membership with every user of the batch
      where g.member_id in (select object_id from eligible)
    ), left_groups as (
      delete from directory_group_members d
      where d.connection_id = ${connectionId}
        and d.member_id = any(array(select object_id from eligible where stored))
        and not exists (select 1 from groups g where g.member_id = d.member_id and g.group_id = d.group_id)
    ), moved_groups as (
      update directory_group_members d set nested = g.nested
      from groups g
      where d.connection_id = ${connectionId}
        and d.member_id = any(array(select member_id from groups where stored_nested <> nested))
        and d.member_id = g.member_id and d.group_id = g.group_id and g.stored_nested <> g.nested
    )
    insert into directory_group_members (connection_id, group_id, member_id, nested)
    select ${connectionId}, group_id, member_id, nested from groups where stored_nested is null`.execute(db);
}
