import type { Migration } from 'kysely';
import * as people from './20261123000100_people';
import * as connections from './20261123000200_connections';
import * as syncState from './20261123000300_sync-state';
import * as relationalData from './20261123000400_relational-data';
import * as staffTenant from './20261207000300_staff-tenant';
import * as namedLeases from './20261207000700_named-leases';
import * as operatorAudit from './20261207000800_operator-audit';
import * as removalGuard from './20261207000900_removal-guard';

/** Static list (no filesystem scan): works the same under tsx, jest and a bundle. Append only. */
export const migrations: Record<string, Migration> = {
  '20261123000100_people': people,
  '20261123000200_connections': connections,
  '20261123000300_sync-state': syncState,
  '20261123000400_relational-data': relationalData,
  '20261207000300_staff-tenant': staffTenant,
  '20261207000700_named-leases': namedLeases,
  '20261207000800_operator-audit': operatorAudit,
  '20261207000900_removal-guard': removalGuard,
};
