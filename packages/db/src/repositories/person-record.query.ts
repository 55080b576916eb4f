import { type Kysely, type RawBuilder, type Selectable, sql } from 'kysely';
import type { ContactRecord, EmployeeRecord, Link, PersonRecord, RecordKind } from '@entra-sync/domain';
import type { Database } from '../tables/database';
import type { PersonColumns } from '../tables/person-columns';

// Both record kinds in one row shape (nulls for the other kind's columns), so the apply step can
// load every candidate record of either kind in a single UNION ALL query. What differs per kind is data:
// the table, the login's and the relational rows' owner column, and the columns only one kind has.

interface KindColumns {
  table: 'employees' | 'contacts';
  /** the column of `logins`, `tickets` and `invoices` that names a record of this kind */
  owner: 'employee_id' | 'contact_id';
  department: RawBuilder<string | null>;
  location: RawBuilder<string | null>;
  timeZone: RawBuilder<string | null>;
  isRoot: RawBuilder<boolean>;
  accountId: RawBuilder<string | null>;
  portalAccess: RawBuilder<boolean>;
}

const KIND_COLUMNS: Record<RecordKind, KindColumns> = {
  employee: {
    table: 'employees',
    owner: 'employee_id',
    department: sql`r.department`,
    location: sql`r.location`,
    timeZone: sql`r.time_zone`,
    isRoot: sql`r.is_root`,
    accountId: sql`null::uuid`,
    portalAccess: sql`false`,
  },
  contact: {
    table: 'contacts',
    owner: 'contact_id',
    department: sql`null::text`,
    location: sql`null::text`,
    timeZone: sql`null::text`,
    isRoot: sql`false`,
    accountId: sql`r.account_id`,
    portalAccess: sql`r.portal_access`,
  },
};

/** The columns both record tables have, which is all this query names through `r.` directly. */
type CommonColumns = PersonColumns & { id: string; status: string; created_at: Date; updated_at: Date };

/** Every record of one kind with its login and link, as `PersonRow`s (filter and order on `r.`, `l.`, `k.`). */
export function personRecords(db: Kysely<Database>, kind: RecordKind) {
  const k = KIND_COLUMNS[kind];
  return db
    .selectFrom(sql<CommonColumns>`${sql.table(k.table)}`.as('r'))
    .leftJoin('logins as l', `l.${k.owner}`, 'r.id')
    .leftJoin('links as k', (join) => join.on('k.kind', '=', kind).onRef('k.record_id', '=', 'r.id'))
    .select((eb) => [
      sql<RecordKind>`${sql.lit(kind)}`.as('kind'),
      'r.id',
      'r.first_name',
      'r.last_name',
      'r.email',
      'r.office_phone',
      'r.mobile_phone',
      'r.job_title',
      k.department.as('department'),
      k.location.as('location'),
      k.timeZone.as('time_zone'),
      k.isRoot.as('is_root'),
      'r.status',
      k.accountId.as('account_id'),
      k.portalAccess.as('portal_access'),
      'r.created_at',
      'r.updated_at',
      ...loginAndLinkColumns,
      eb
        .or(
          (['tickets', 'invoices'] as const).map((table) =>
            eb.exists(
              eb
                .selectFrom(table)
                .whereRef(`${table}.${k.owner}`, '=', 'r.id')
                .select(sql`1`.as('x')),
            ),
          ),
        )
        .$castTo<boolean>()
        .as('has_relational_data'),
    ]);
}

/** The apply step's names for the two kinds. */
export const employeeRecords = (db: Kysely<Database>) => personRecords(db, 'employee');
export const contactRecords = (db: Kysely<Database>) => personRecords(db, 'contact');

/** The SQL of a column only one kind has (null or false for the other), for filters. */
export const kindColumn = (kind: RecordKind, column: 'accountId') => KIND_COLUMNS[kind][column];

const loginAndLinkColumns = [
  'l.username as login_username',
  'l.enabled as login_enabled',
  'l.role as login_role',
  'l.modules as login_modules',
  'k.connection_id as link_connection_id',
  'k.object_id as link_object_id',
  'k.last_observed_at as link_last_observed_at',
  'k.fingerprint as link_fingerprint',
  'k.in_scope as link_in_scope',
] as const;

export type PersonRow = {
  kind: RecordKind;
  id: string;
  status: string;
  account_id: string | null;
  portal_access: boolean;
  is_root: boolean;
  has_relational_data: boolean;
  created_at: Date;
  updated_at: Date;
  login_username: string | null;
  login_enabled: boolean | null;
  login_role: string | null;
  login_modules: string[] | null;
  link_connection_id: string | null;
  link_object_id: string | null;
  link_last_observed_at: Date | null;
  link_fingerprint: string | null;
  link_in_scope: boolean | null;
} & Pick<
  Selectable<Database['employees']>,
  | 'first_name'
  | 'last_name'
  | 'email'
  | 'office_phone'
  | 'mobile_phone'
  | 'job_title'
  | 'department'
  | 'location'
  | 'time_zone'
>;

/** A record as the domain sees it, plus its timestamps for the API. */
export type StoredRecord<R extends PersonRecord = PersonRecord> = R & { createdAt: Date; updatedAt: Date };

export function toPersonRecord(row: PersonRow): StoredRecord {
  const base = {
    id: row.id,
    firstName: row.first_name,
    lastName: row.last_name,
    email: row.email,
    officePhone: row.office_phone,
    mobilePhone: row.mobile_phone,
    jobTitle: row.job_title,
    login:
      row.login_username === null
        ? null
        : {
            username: row.login_username,
            enabled: row.login_enabled ?? false,
            role: row.login_role,
            modules: row.login_modules ?? [],
          },
    hasRelationalData: row.has_relational_data,
    linkedTo:
      row.link_connection_id === null || row.link_object_id === null
        ? null
        : { connectionId: row.link_connection_id, objectId: row.link_object_id },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.kind === 'employee') {
    return {
      ...base,
      kind: 'employee',
      department: row.department,
      location: row.location,
      timeZone: row.time_zone,
      isRoot: row.is_root,
      status: row.status as EmployeeRecord['status'],
    };
  }
  if (row.account_id === null) throw new Error(`contact ${row.id} has no account`);
  return {
    ...base,
    kind: 'contact',
    accountId: row.account_id,
    status: row.status as ContactRecord['status'],
    portalAccess: row.portal_access,
  };
}

/** The link a loaded record carries, if any. */
export function linkOfRow(row: PersonRow): Link | null {
  if (row.link_connection_id === null || row.link_object_id === null || row.link_last_observed_at === null) {
    return null;
  }
  return {
    connectionId: row.link_connection_id,
    objectId: row.link_object_id,
    kind: row.kind,
    recordId: row.id,
    lastObservedAt: row.link_last_observed_at,
    fingerprint: row.link_fingerprint,
    inScope: row.link_in_scope ?? true,
  };
}
