import { type Kysely, sql } from 'kysely';
import type { DirectoryObservation, DirectoryUserFields } from '@entra-sync/domain';
import type { Database } from '../tables/database';

/** What the workers last saw of a directory user (the mirror `directory_users` + memberships). */
export interface MirroredUser {
  connectionId: string;
  objectId: string;
  fields: DirectoryUserFields | null;
  deleted: boolean;
  observedAt: Date;
  directGroupIds: string[];
  /** direct and nested */
  allGroupIds: string[];
}

interface Row {
  connection_id: string;
  object_id: string;
  fields: DirectoryUserFields | null;
  deleted: boolean;
  observed_at: Date;
  direct: string[] | null;
  all_groups: string[] | null;
}

function mirrored(db: Kysely<Database>) {
  return db
    .selectFrom('directory_users as u')
    .leftJoin('directory_group_members as m', (join) =>
      join.onRef('m.connection_id', '=', 'u.connection_id').onRef('m.member_id', '=', 'u.object_id'),
    )
    .select([
      'u.connection_id',
      'u.object_id',
      'u.fields',
      'u.deleted',
      'u.observed_at',
      sql<string[] | null>`array_agg(m.group_id order by m.group_id) filter (where m.nested = false)`.as(
        'direct',
      ),
      sql<
        string[] | null
      >`array_agg(m.group_id order by m.group_id) filter (where m.group_id is not null)`.as('all_groups'),
    ])
    .groupBy(['u.connection_id', 'u.object_id', 'u.fields', 'u.deleted', 'u.observed_at']);
}

const toMirrored = (row: Row): MirroredUser => ({
  connectionId: row.connection_id,
  objectId: row.object_id,
  fields: row.fields,
  deleted: row.deleted,
  observedAt: row.observed_at,
  directGroupIds: row.direct ?? [],
  allGroupIds: row.all_groups ?? [],
});

/** Every user the mirror holds for a connection, in object id order (S8 evaluates them all). */
export async function mirroredUsersOf(db: Kysely<Database>, connectionId: string): Promise<MirroredUser[]> {
  const rows = await mirrored(db)
    .where('u.connection_id', '=', connectionId)
    .orderBy('u.object_id')
    .execute();
  return rows.map((row) => toMirrored(row as Row));
}

/**
 * Users whose S2.1 e-mail (mail, else the UPN) is this one (D4: trimmed, case-insensitive), plus the given
 * (connection, object id) pairs — the users linked to records that carry the e-mail.
 */
export async function mirroredUsersByEmail(
  db: Kysely<Database>,
  email: string,
  also: ReadonlyArray<{ connectionId: string; objectId: string }> = [],
): Promise<MirroredUser[]> {
  const rows = await mirrored(db)
    .where((eb) =>
      eb.or([
        eb(
          sql`lower(trim(coalesce(nullif(trim(u.fields->>'mail'), ''), u.fields->>'userPrincipalName')))`,
          '=',
          email,
        ),
        ...also.map((k) =>
          eb.and([eb('u.connection_id', '=', k.connectionId), eb('u.object_id', '=', k.objectId)]),
        ),
      ]),
    )
    .orderBy('u.connection_id')
    .orderBy('u.object_id')
    .execute();
  return rows.map((row) => toMirrored(row as Row));
}

/** The mirror row as an observation taken `at` (a reconcile of what we know, S8). */
export function observationOf(user: MirroredUser, at: Date): DirectoryObservation {
  if (user.deleted || user.fields === null) {
    return { state: 'deleted', objectId: user.objectId, observedAt: at, hard: false };
  }
  return {
    state: 'present',
    objectId: user.objectId,
    observedAt: at,
    user: user.fields,
    directGroupIds: user.directGroupIds,
    transitiveGroupIds: user.allGroupIds,
  };
}
