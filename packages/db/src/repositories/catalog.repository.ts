import type { Kysely } from 'kysely';
import type { Database } from '../tables/database';

/** B5: the security roles a login may hold. */
export async function securityRoleNames(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('security_roles').select('name').orderBy('name').execute();
  return rows.map((r) => r.name);
}

/** B5: the modules an employee's login may be granted. */
export async function moduleNames(db: Kysely<Database>): Promise<string[]> {
  const rows = await db.selectFrom('modules').select('name').orderBy('name').execute();
  return rows.map((r) => r.name);
}
