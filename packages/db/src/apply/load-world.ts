import { type Kysely, sql } from 'kysely';
import {
  type DirectoryObservation,
  emailKindsOf,
  emailOf,
  type Link,
  normaliseEmail,
  type PersonRecord,
  reachOf,
  type RecordKind,
  recordKey,
  RecordWorld,
  mayTargetContact,
  type UserToApply,
  usernameFromUpn,
} from '@entra-sync/domain';
import { linkOfRow, type PersonRow, toPersonRecord } from '../repositories/person-record.query';
import type { Database } from '../tables/database';
import type { SyncContext } from './sync-context';

interface BatchKeys {
  connectionId: string;
  objectIds: string[];
  /** e-mails to look up among employees / contacts: only kinds a match of which can change a plan (S3.4) */
  employeeEmails: string[];
  contactEmails: string[];
  usernames: string[];
}

function keysOf(context: SyncContext, users: readonly UserToApply[]): BatchKeys {
  const { connectionId } = context;
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
  const kinds = emailKindsOf(reachOf(connectionId, context.staffTenant, context.rules), context.rules);
  const of = (kind: RecordKind): string[] => (kinds.includes(kind) ? [...emails] : []);
  return {
    connectionId,
    objectIds,
    employeeEmails: of('employee'),
    contactEmails: of('contact'),
    usernames: [...usernames],
  };
}

const RECORD = (kind: RecordKind) =>
  kind === 'employee'
    ? sql`r.department, r.location, r.time_zone, r.is_root, r.status, null::uuid as account_id,
        false as portal_access`
    : sql`null::text as department, null::text as location, null::text as time_zone, false as is_root, r.status,
        r.account_id, r.portal_access`;

/** One kind's candidate records, each found by id through `lateral … limit 1` (always an index probe). */
function recordsOf(kind: RecordKind) {
  const table = sql.table(kind === 'employee' ? 'employees' : 'contacts');
  const owner = sql.ref(kind === 'employee' ? 'l.employee_id' : 'l.contact_id');
  const ticketOwner = sql.ref(kind === 'employee' ? 't.employee_id' : 't.contact_id');
  const invoiceOwner = sql.ref(kind === 'employee' ? 'i.employee_id' : 'i.contact_id');
  return sql`
    select ${kind}::text as kind, r.id, r.first_name, r.last_name, r.email, r.office_phone, r.mobile_phone,
      r.job_title, ${RECORD(kind)}, r.created_at, r.updated_at,
      l.username as login_username, l.enabled as login_enabled, l.role as login_role, l.modules as login_modules,
      k.connection_id as link_connection_id, k.object_id as link_object_id,
      k.last_observed_at as link_last_observed_at, k.fingerprint as link_fingerprint, k.in_scope as link_in_scope,
      (exists (select 1 from tickets t where ${ticketOwner} = r.id)
        or exists (select 1 from invoices i where ${invoiceOwner} = r.id)) as has_relational_data
    from ids
    cross join lateral (select * from ${table} r where r.id = ids.id limit 1) r
    left join lateral (select * from logins l where ${owner} = r.id limit 1) l on true
    left join lateral (select * from links k where k.kind = ${kind} and k.record_id = r.id limit 1) k on true
    where ids.kind = ${kind}`;
}

/**
 * Every record the batch's users can reach (by their links, e-mails and usernames) in one statement: the
 * ids through the lookup indexes, then each record, login and link by index. Every lookup is a lateral
 * subquery the planner cannot flatten (`limit`/`offset 0`), so it stays an index probe per key: with the
 * default cost settings it would rather scan and hash a whole table once the batch has a few hundred keys,
 * which makes every batch cost as much as the table is large. S3.4 (T4): an e-mail match outside the
 * connection's reach is loaded like any other, so the domain sees it and refuses it with a conflict.
 */
async function loadCandidates(db: Kysely<Database>, keys: BatchKeys): Promise<PersonRow[]> {
  const { rows } = await sql<PersonRow>`
    with ids as materialized (
      select k.kind, k.record_id as id from unnest(${keys.objectIds}::text[]) as o(id)
      cross join lateral (
        select kind, record_id from links k
        where k.connection_id = ${keys.connectionId} and k.object_id = o.id limit 1) k
      union
      select 'employee', e.id from unnest(${keys.employeeEmails}::text[]) as x(email)
      cross join lateral (select id from employees e where lower(trim(e.email)) = x.email offset 0) e
      union
      select 'contact', c.id from unnest(${keys.contactEmails}::text[]) as x(email)
      cross join lateral (select id from contacts c where lower(trim(c.email)) = x.email offset 0) c
      union
      select case when l.employee_id is null then 'contact' else 'employee' end, coalesce(l.employee_id, l.contact_id)
      from unnest(${keys.usernames}::text[]) as u(name)
      cross join lateral (select * from logins l where lower(l.username) = u.name limit 1) l
    )
    ${recordsOf('employee')}
    union all
    ${recordsOf('contact')}`.execute(db);
  return rows;
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
  return rows.filter((r) => !world.has(recordKey(r))).map((r) => r.name);
}

const namesOf = (o: DirectoryObservation): string[] =>
  o.state === 'present'
    ? [
        normaliseEmail(emailOf(o.user)),
        usernameFromUpn(o.user.userPrincipalName)?.toLowerCase() ?? null,
      ].filter((n): n is string => n !== null)
    : [];

/**
 * The names an employee archived by this batch can carry (S6.2, D7, D13): only users that may win a
 * contact rule archive, and only employees among their candidates — loaded ones (their loaded names, or
 * names of the one batch user linked to them) and ones this batch creates (a user sharing a name with
 * the archiving user). Empty when no user of the batch may target contacts.
 */
function archiveBases(
  users: readonly UserToApply[],
  records: readonly PersonRecord[],
  mayContact: (o: DirectoryObservation) => boolean,
): string[] {
  const archiving = new Set(
    users.filter((u) => mayContact(u.observation)).flatMap((u) => namesOf(u.observation)),
  );
  if (archiving.size === 0) return [];
  const names = new Set(archiving);
  for (const { observation } of users) {
    const own = namesOf(observation);
    if (own.some((n) => archiving.has(n))) for (const n of own) names.add(n);
  }
  for (const r of records) {
    if (r.kind !== 'employee') continue;
    for (const n of [r.login?.username.toLowerCase(), normaliseEmail(r.email)]) if (n) names.add(n);
  }
  return [...names];
}

/**
 * Loads what the planner may look at for the whole batch in two queries (three when a contact rule can
 * archive an employee, S6.2): candidate records of both kinds with their logins and links, then names.
 */
export async function loadWorld(
  db: Kysely<Database>,
  context: SyncContext,
  users: readonly UserToApply[],
): Promise<RecordWorld> {
  const keys = keysOf(context, users);
  const rows = await loadCandidates(db, keys);
  const objects = new Set(keys.objectIds);
  const links: Link[] = [];
  const records: PersonRecord[] = rows.map((row) => {
    const link = linkOfRow(row);
    if (link && link.connectionId === context.connectionId && objects.has(link.objectId)) links.push(link);
    const { createdAt: _created, updatedAt: _updated, ...record } = toPersonRecord(row);
    return record;
  });

  const mayContact = mayTargetContact(context.rules);
  const inWorld = new Set(records.map(recordKey));
  const names = archiveBases(users, records, mayContact);
  const outside = names.length > 0 ? await loadArchiveNames(db, names, inWorld) : [];
  return new RecordWorld(records, links, { outsideArchiveNames: outside, mayContact });
}
