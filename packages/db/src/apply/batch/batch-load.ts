import { type Kysely, sql } from 'kysely';
import {
  emailOf,
  type Link,
  normaliseEmail,
  type PersonRecord,
  type RecordKind,
  resolveWinner,
  usernameFromUpn,
} from '@entra-sync/domain';
import {
  contactRecords,
  employeeRecords,
  linkOfRow,
  toPersonRecord,
} from '../../repositories/person-record.query';
import type { Database } from '../../tables/database';
import type { SyncContext, UserToApply } from '../load-plan-input';
import { BatchWorld, keyOf } from './batch-world';

interface BatchKeys {
  connectionId: string;
  objectIds: string[];
  emails: string[];
  usernames: string[];
}

function keysOf(connectionId: string, users: readonly UserToApply[]): BatchKeys {
  const emails = new Set<string>();
  const usernames = new Set<string>();
  for (const { observation } of users) {
    if (observation.state !== 'present') continue;
    const email = normaliseEmail(emailOf(observation.user));
    const username = usernameFromUpn(observation.user.userPrincipalName)?.toLowerCase() ?? null;
    if (email !== null) emails.add(email);
    if (username !== null) usernames.add(username);
  }
  const objectIds = [...new Set(users.map((u) => u.observation.objectId))];
  return { connectionId, objectIds, emails: [...emails], usernames: [...usernames] };
}

/** Every record of one kind the batch's users can reach: by their links, e-mails and usernames. */
function candidates(db: Kysely<Database>, kind: RecordKind, keys: BatchKeys) {
  const base = kind === 'employee' ? employeeRecords(db) : contactRecords(db);
  const table = kind === 'employee' ? 'employees' : 'contacts';
  const owner = kind === 'employee' ? 'employee_id' : 'contact_id';
  return base.where('r.id', 'in', (eb) =>
    eb
      .selectFrom('links')
      .select('record_id as id')
      .where('connection_id', '=', keys.connectionId)
      .where('object_id', '=', sql<string>`any(${keys.objectIds}::text[])`)
      .where('kind', '=', kind)
      .unionAll(
        eb
          .selectFrom(table)
          .select('id')
          .where(sql`lower(trim(email))`, '=', sql`any(${keys.emails}::text[])`),
      )
      .unionAll(
        eb
          .selectFrom('logins')
          .select(sql<string>`${sql.ref(owner)}`.as('id'))
          .where(sql`lower(username)`, '=', sql`any(${keys.usernames}::text[])`),
      ),
  );
}

/**
 * D13: the `_Archived` names taken under every name a record of this batch can carry (its loaded names
 * and the batch's directory names), as index range scans. Names of world records are tracked in memory.
 */
async function loadArchiveNames(
  db: Kysely<Database>,
  names: readonly string[],
  world: ReadonlySet<string>,
): Promise<string[]> {
  const prefixes = [...new Set(names.map((n) => `${n.toLowerCase()}_archived`))];
  if (prefixes.length === 0) return [];
  // every name starting with `<p>_archived` sorts in [`<p>_archived`, `<p>_archivee`) byte-wise
  const { rows } = await sql<{ name: string; kind: RecordKind; id: string }>`
    with p as (select lo, left(lo, -1) || 'e' as hi from unnest(${prefixes}::text[]) as lo)
    select l.username as name, case when l.employee_id is null then 'contact' else 'employee' end as kind,
           coalesce(l.employee_id, l.contact_id) as id
    from p join logins l on lower(l.username) ~>=~ p.lo and lower(l.username) ~<~ p.hi
    union
    select trim(e.email), 'employee', e.id
    from p join employees e on lower(trim(e.email)) ~>=~ p.lo and lower(trim(e.email)) ~<~ p.hi
    union
    select trim(c.email), 'contact', c.id
    from p join contacts c on lower(trim(c.email)) ~>=~ p.lo and lower(trim(c.email)) ~<~ p.hi`.execute(db);
  return rows.filter((r) => !world.has(keyOf(r))).map((r) => r.name);
}

/**
 * Loads what the planner may look at for the whole batch in two queries (three when a contact rule can
 * archive an employee, S6.2): candidate records of both kinds with their logins and links, then names.
 */
export async function loadBatchWorld(
  db: Kysely<Database>,
  context: SyncContext,
  users: readonly UserToApply[],
): Promise<BatchWorld> {
  const keys = keysOf(context.connectionId, users);
  const rows = await candidates(db, 'employee', keys)
    .unionAll(candidates(db, 'contact', keys))
    .execute();
  const objects = new Set(keys.objectIds);
  const links: Link[] = [];
  const records: PersonRecord[] = rows.map((row) => {
    const link = linkOfRow(row);
    if (link && link.connectionId === context.connectionId && objects.has(link.objectId)) links.push(link);
    const { createdAt: _created, updatedAt: _updated, ...record } = toPersonRecord(row);
    return record;
  });

  const contactTarget = users.some(
    ({ observation: o }) =>
      o.state === 'present' &&
      resolveWinner(context.rules, o.directGroupIds, o.transitiveGroupIds).winner?.rule.target === 'contact',
  );
  const names = contactTarget
    ? [
        ...keys.emails,
        ...keys.usernames,
        ...records.flatMap((r) => [r.login?.username, normaliseEmail(r.email)]),
      ].filter((n): n is string => typeof n === 'string' && n !== '')
    : [];
  const inWorld = new Set(records.map(keyOf));
  const outside = contactTarget ? await loadArchiveNames(db, names, inWorld) : [];
  return new BatchWorld(context.connectionId, records, links, outside);
}
