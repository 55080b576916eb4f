import { type Kysely, sql } from 'kysely';
import {
  type DirectoryObservation,
  type EmployeeDefaults,
  emailOf,
  type MappingRule,
  normaliseEmail,
  resolveWinner,
  type PersonRecord,
  type PlanInput,
  type RecordKind,
  type Trigger,
  usernameFromUpn,
} from '@entra-sync/domain';
import { getEmployeeDefaults } from '../repositories/employee-defaults.repository';
import { listRules } from '../repositories/mapping-rule.repository';
import {
  contactRecords,
  employeeRecords,
  linkOfRow,
  type PersonRow,
  toPersonRecord,
} from '../repositories/person-record.query';
import { emailKey, likePrefix } from '../repositories/record-columns';
import type { Database } from '../tables/database';

/** Per connection; a batch loads it once for many users. */
export interface SyncContext {
  connectionId: string;
  rules: readonly MappingRule[];
  defaults: EmployeeDefaults;
}

export async function loadSyncContext(db: Kysely<Database>, connectionId: string): Promise<SyncContext> {
  const rules = await listRules(db, connectionId);
  const defaults = await getEmployeeDefaults(db);
  return { connectionId, rules, defaults };
}

export interface UserToApply {
  observation: DirectoryObservation;
  trigger: Trigger;
}

/** Candidate records of one kind: the linked one, e-mail matches and the username holder. */
function candidates(db: Kysely<Database>, kind: RecordKind, key: CandidateKey) {
  const base = kind === 'employee' ? employeeRecords(db) : contactRecords(db);
  const table = kind === 'employee' ? 'employees' : 'contacts';
  const owner = kind === 'employee' ? 'employee_id' : 'contact_id';
  return base.where('r.id', 'in', (eb) => {
    let ids = eb
      .selectFrom('links')
      .select('record_id as id')
      .where('connection_id', '=', key.connectionId)
      .where('object_id', '=', key.objectId)
      .where('kind', '=', kind);
    if (key.email !== null) {
      ids = ids.unionAll(
        eb
          .selectFrom(table)
          .select('id')
          .where(sql`lower(trim(email))`, '=', key.email),
      );
    }
    if (key.username !== null) {
      ids = ids.unionAll(
        eb
          .selectFrom('logins')
          .select(sql<string>`${sql.ref(owner)}`.as('id'))
          .where(sql`lower(username)`, '=', key.username),
      );
    }
    return ids;
  });
}

interface CandidateKey {
  connectionId: string;
  objectId: string;
  email: string | null;
  username: string | null;
}

/** D13: names already taken under every `<name>_Archived` prefix the plan might use (a superset). */
async function loadTakenArchiveNames(db: Kysely<Database>, names: readonly string[]): Promise<string[]> {
  const prefixes = [...new Set(names.map((n) => likePrefix(`${n.toLowerCase()}_archived`)))];
  if (prefixes.length === 0) return [];
  const { rows } = await sql<{ name: string }>`
    select username as name from logins where ${sql.join(
      prefixes.map((p) => sql`lower(username) like ${p}`),
      sql` or `,
    )}
    union
    select trim(email) from employees where ${sql.join(
      prefixes.map((p) => sql`lower(trim(email)) like ${p}`),
      sql` or `,
    )}
    union
    select trim(email) from contacts where ${sql.join(
      prefixes.map((p) => sql`lower(trim(email)) like ${p}`),
      sql` or `,
    )}`.execute(db);
  return rows.map((r) => r.name);
}

/** What planUser needs and the records as loaded (the "before" of every audit entry). */
export interface LoadedUser {
  input: PlanInput;
  records: readonly PersonRecord[];
}

/** Two queries at most: candidate records of both kinds, then archive names when an archive is possible. */
export async function loadPlanInput(
  db: Kysely<Database>,
  context: SyncContext,
  user: UserToApply,
): Promise<LoadedUser> {
  const { observation } = user;
  const present = observation.state === 'present';
  const email = present ? normaliseEmail(emailOf(observation.user)) : null;
  const username = present
    ? (usernameFromUpn(observation.user.userPrincipalName)?.toLowerCase() ?? null)
    : null;
  const key = { connectionId: context.connectionId, objectId: observation.objectId, email, username };
  const rows: PersonRow[] = await candidates(db, 'employee', key)
    .unionAll(candidates(db, 'contact', key))
    .execute();
  const records = rows.map(toPersonRecord).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const own = rows.find(
    (row) => row.link_connection_id === key.connectionId && row.link_object_id === key.objectId,
  );
  const ownLink = own ? linkOfRow(own) : null;
  const linkedRecord = own ? records.find((r) => r.kind === own.kind && r.id === own.id) : undefined;

  // Archives happen only for a contact target (S6.2, D7), to a loaded non-root employee that is not archived.
  const winner = present
    ? resolveWinner(context.rules, observation.directGroupIds, observation.transitiveGroupIds).winner
    : null;
  const archivable =
    winner?.rule.target === 'contact' &&
    records.some((r) => r.kind === 'employee' && !r.isRoot && r.status !== 'archived');
  const names = [username, email, ...records.flatMap((r) => [r.login?.username, emailKey(r.email)])].filter(
    (n): n is string => typeof n === 'string' && n !== '',
  );
  const takenArchiveNames = archivable ? await loadTakenArchiveNames(db, names) : [];

  return {
    records,
    input: {
      connectionId: context.connectionId,
      observation,
      trigger: user.trigger,
      rules: context.rules,
      defaults: context.defaults,
      link: ownLink && linkedRecord ? { link: ownLink, record: linkedRecord } : null,
      emailMatches: email === null ? [] : records.filter((r) => emailKey(r.email) === email),
      usernameHolder:
        username === null
          ? null
          : (records.find((r) => r.login?.username.toLowerCase() === username) ?? null),
      takenArchiveNames,
    },
  };
}
