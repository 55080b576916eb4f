import type { Kysely } from 'kysely';
import type { PlanContext } from '@entra-sync/domain';
import { getEmployeeDefaults } from '../repositories/employee-defaults.repository';
import { listRules } from '../repositories/mapping-rule.repository';
import type { Database } from '../tables/database';

/** Per connection: its rules and the employee defaults; a batch loads it once for many users. */
export type SyncContext = PlanContext;

export async function loadSyncContext(db: Kysely<Database>, connectionId: string): Promise<SyncContext> {
  const rules = await listRules(db, connectionId);
  const defaults = await getEmployeeDefaults(db);
  return { connectionId, rules, defaults };
}
