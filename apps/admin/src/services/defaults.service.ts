import { getEmployeeDefaults, saveEmployeeDefaults, type Db } from '@entra-sync/db';
import type { EmployeeDefaults } from '@entra-sync/domain';
import type { Producer } from '@entra-sync/queues';
import { checkCatalog, type Invalid } from './catalog-checks';
import { resyncAll } from './sync.service';

export type SaveDefaultsOutcome =
  | { kind: 'saved'; defaults: EmployeeDefaults; syncRunIds: string[] }
  | { kind: 'invalid'; problems: Invalid[] };

export const readDefaults = (db: Db): Promise<EmployeeDefaults> => getEmployeeDefaults(db);

/** S2.3; D19: the defaults are part of every employee's fingerprint, so every connection re-evaluates. */
export async function saveDefaults(
  deps: { db: Db; producer: Producer },
  defaults: EmployeeDefaults,
): Promise<SaveDefaultsOutcome> {
  const problems = await checkCatalog(deps.db, {
    roles: [{ field: 'securityRole', value: defaults.securityRole }],
    modules: defaults.modules,
  });
  if (problems.length > 0) return { kind: 'invalid', problems };
  const saved = await saveEmployeeDefaults(deps.db, defaults);
  return { kind: 'saved', defaults: saved, syncRunIds: await resyncAll(deps) };
}
