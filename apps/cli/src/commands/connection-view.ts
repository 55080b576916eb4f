import type { Connection } from '../api-types';
import { when } from '../output/format';
import { cell, table } from '../output/table';

export function connectionsTable(connections: readonly Connection[], now = Date.now()): string {
  return table(
    ['id', 'name', 'tenant', 'status', 'staff', 'last sync', 'next retry', 'last error'],
    connections.map((c) => [
      c.id,
      cell(c.name, 40),
      cell(c.tenant, 40),
      c.status,
      c.staffTenant ? 'yes' : 'no',
      when(c.lastSyncAt, now),
      c.status === 'failing' ? when(c.nextRetryAt, now) : '-',
      // last column: long errors may wrap, but keep the Entra code (AADSTS…) that comes late in the text
      cell(c.lastError, 300),
    ]),
  );
}

/** One connection as `key: value` lines (never a secret: the API does not return one). */
export function connectionDetails(c: Connection, now = Date.now()): string {
  const rows: [string, string][] = [
    ['id', c.id],
    ['name', c.name],
    ['tenant', c.tenant],
    ['tenant id', c.tenantId ?? '-'],
    ['client id', c.clientId],
    ['status', c.status],
    ['staff tenant', c.staffTenant ? 'yes (employees in reach, S3.4)' : 'no (customer tenant)'],
    ['last sync', when(c.lastSyncAt, now)],
    ['last error', c.lastError ?? '-'],
  ];
  return rows.map(([key, value]) => `${`${key}:`.padEnd(12)} ${value}`).join('\n');
}
