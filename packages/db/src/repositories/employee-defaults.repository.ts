import { type Kysely, type Selectable, sql } from 'kysely';
import type { EmployeeDefaults } from '@entra-sync/domain';
import type { Database } from '../tables/database';
import type { EmployeeDefaultsTable } from '../tables/employee-defaults.table';

const EMPTY: EmployeeDefaults = {
  firstName: null,
  lastName: null,
  department: null,
  location: null,
  timeZone: null,
  securityRole: null,
  modules: [],
};

type DefaultsRow = Omit<Selectable<EmployeeDefaultsTable>, 'id' | 'updated_at' | 'modules'> & {
  modules: string[] | null;
};

/** The saved row, or (none saved yet, or a left join found none) no defaults at all. */
export function toEmployeeDefaults(row: DefaultsRow | undefined | null): EmployeeDefaults {
  if (!row || row.modules === null) return EMPTY;
  return {
    firstName: row.first_name,
    lastName: row.last_name,
    department: row.department,
    location: row.location,
    timeZone: row.time_zone,
    securityRole: row.security_role,
    modules: row.modules,
  };
}

export const DEFAULTS_COLUMNS = [
  'employee_defaults.first_name',
  'employee_defaults.last_name',
  'employee_defaults.department',
  'employee_defaults.location',
  'employee_defaults.time_zone',
  'employee_defaults.security_role',
  'employee_defaults.modules',
] as const;

export async function getEmployeeDefaults(db: Kysely<Database>): Promise<EmployeeDefaults> {
  return toEmployeeDefaults(
    await db.selectFrom('employee_defaults').select(DEFAULTS_COLUMNS).executeTakeFirst(),
  );
}

/** PUT /api/employee-defaults: replaces the single row. */
export async function saveEmployeeDefaults(
  db: Kysely<Database>,
  defaults: EmployeeDefaults,
): Promise<EmployeeDefaults> {
  const values = {
    first_name: defaults.firstName,
    last_name: defaults.lastName,
    department: defaults.department,
    location: defaults.location,
    time_zone: defaults.timeZone,
    security_role: defaults.securityRole,
    modules: [...defaults.modules],
  };
  await db
    .insertInto('employee_defaults')
    .values({ id: true, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet({ ...values, updated_at: sql`now()` }))
    .execute();
  return getEmployeeDefaults(db);
}
