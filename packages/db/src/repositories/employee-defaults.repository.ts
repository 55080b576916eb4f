import { type Kysely, sql } from 'kysely';
import type { EmployeeDefaults } from '@entra-sync/domain';
import type { Database } from '../tables/database';

const EMPTY: EmployeeDefaults = {
  firstName: null,
  lastName: null,
  department: null,
  location: null,
  timeZone: null,
  securityRole: null,
  modules: [],
};

export async function getEmployeeDefaults(db: Kysely<Database>): Promise<EmployeeDefaults> {
  const row = await db.selectFrom('employee_defaults').selectAll().executeTakeFirst();
  if (!row) return EMPTY;
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
