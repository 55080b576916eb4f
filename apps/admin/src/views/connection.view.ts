import type { Connection as ConnectionResource } from '@entra-sync/api-contract';
import type { Connection } from '@entra-sync/db';
import type { z } from 'zod';

/** CONTRACT.md connection resource (plus timestamps and the reconnect time). Never a secret. */
export const connectionView = (c: Connection): z.output<typeof ConnectionResource> => ({
  id: c.id,
  name: c.name,
  tenant: c.tenant,
  tenantId: c.tenantId,
  clientId: c.clientId,
  status: c.status,
  staffTenant: c.staffTenant,
  lastError: c.lastError,
  lastSyncAt: c.lastSyncAt,
  nextRetryAt: c.nextRetryAt,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
});
