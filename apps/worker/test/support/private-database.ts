import { createDb, migrateToLatest } from '@entra-sync/db';
import type { TestDatabase } from '@entra-sync/db/testing';
import { type PrivatePostgres } from '@entra-sync/test-infra';

/**
 * A migrated database on a private cluster (STYLE 19) for tests that stop, kill or freeze Postgres; `destroy`
 * also ends the cluster.
 */
export async function privateDatabase(
  cluster: PrivatePostgres,
  timeouts = { statementMs: 30_000, lockMs: 10_000 },
): Promise<TestDatabase> {
  await cluster.query('create database entra_sync');
  const url = cluster.url('entra_sync');
  const db = createDb(url, { max: 5, applicationName: 'entra-sync-tests', timeouts });
  await migrateToLatest(db);
  return {
    db,
    url,
    name: 'entra_sync',
    async destroy() {
      await db.destroy();
      await cluster.destroy();
    },
  };
}
