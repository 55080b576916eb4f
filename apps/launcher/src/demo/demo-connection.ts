import { createConnection, listConnections, type Db, type SecretBox, updateConnection } from '@entra-sync/db';
import { createDemoRecords, type DemoRecordsSummary } from './demo-records';
import type { DemoTenant } from './demo-tenant';

export const DEMO_CONNECTION_NAME = 'Contoso (demo tenant)';

export interface DemoConnection {
  connectionId: string;
  /** null when the connection (and its rules and records) came from an earlier run */
  records: DemoRecordsSummary | null;
}

/**
 * The demo connection with its rules and starting records, created on the first run. Later runs keep the
 * database (same tenant id, same seeded users and groups): they get this run's client secret and forget the last
 * run's Graph state.
 */
export async function ensureDemoConnection(
  db: Db,
  box: SecretBox,
  tenant: DemoTenant,
): Promise<DemoConnection> {
  const credentials = {
    tenant: tenant.domain,
    tenantId: tenant.tenantId,
    clientId: tenant.clientId,
    clientSecret: tenant.clientSecret,
  };
  const existing = (await listConnections(db)).find(
    (c) => c.name.toLowerCase() === DEMO_CONNECTION_NAME.toLowerCase(),
  );
  if (existing) {
    // The emulator starts empty every run: subscriptions and delta links of the last run point at nothing.
    await db.deleteFrom('graph_subscriptions').where('connection_id', '=', existing.id).execute();
    await db.deleteFrom('delta_state').where('connection_id', '=', existing.id).execute();
    await updateConnection(db, box, existing.id, {
      ...credentials,
      staffTenant: true,
      status: 'connected',
      lastError: null,
      nextRetryAt: null,
    });
    return { connectionId: existing.id, records: null };
  }
  // 'connected': the launcher registered these very credentials in the emulator a moment ago.
  // S3.4: the demo tenant is the MSP's own directory (its staff become employees), so it is the staff tenant.
  const connection = await createConnection(db, box, {
    name: DEMO_CONNECTION_NAME,
    ...credentials,
    staffTenant: true,
    status: 'connected',
  });
  return { connectionId: connection.id, records: await createDemoRecords(db, connection.id, tenant) };
}
