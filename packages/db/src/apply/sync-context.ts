import type { Kysely } from 'kysely';
import type { PlanContext } from '@entra-sync/domain';
import { DEFAULTS_COLUMNS, toEmployeeDefaults } from '../repositories/employee-defaults.repository';
import { listRules } from '../repositories/mapping-rule.repository';
import type { Database } from '../tables/database';

/** Per connection: its staff-tenant mark (S3.4), its rules and the employee defaults; loaded once per batch. */
export type SyncContext = PlanContext;

export async function loadSyncContext(db: Kysely<Database>, connectionId: string): Promise<SyncContext> {
  const rules = await listRules(db, connectionId);
  const row = await db
    .selectFrom('connections')
    .leftJoin('employee_defaults', (join) => join.onTrue())
    .select(['connections.staff_tenant', ...DEFAULTS_COLUMNS])
    .where('connections.id', '=', connectionId)
    .executeTakeFirst();
  // A connection deleted meanwhile has no rules either: its users go out of scope, nothing is taken.
  return { connectionId, staffTenant: row?.staff_tenant ?? false, rules, defaults: toEmployeeDefaults(row) };
}
