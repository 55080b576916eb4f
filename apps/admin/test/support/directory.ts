import { sql } from 'kysely';
import { syncUser, type Db } from '@entra-sync/db';
import { createGraphClient, getObservation, resolveEndpoints } from '@entra-sync/graph';
import type { Directory, RunningEmulator } from '@entra-sync/graph-emulator';
import type { TestTenant } from './emulator';

/** People and groups in an emulator tenant, and a worker-like sync of one user (Graph observation → syncUser). */
export function tenantDirectory(emulator: RunningEmulator, tenant: TestTenant) {
  const directory: Directory = emulator.state.requireTenant(tenant.tenantId).directory;
  const client = createGraphClient(
    {
      tenant: tenant.tenantId,
      clientId: tenant.clientId,
      credential: { kind: 'clientSecret', clientSecret: tenant.clientSecret },
    },
    resolveEndpoints({ graphEndpoint: emulator.url, loginEndpoint: emulator.url }),
  );
  return {
    directory,
    group: (displayName: string) => directory.createGroup({ displayName }).id,
    /** `name` → `name@<tenant domain>` as UPN and mail */
    person(name: string, groups: string[], fields: { givenName?: string; surname?: string } = {}) {
      const upn = `${name}@${tenant.domain}`;
      const user = directory.createUser({ userPrincipalName: upn, mail: upn, ...fields });
      for (const group of groups) directory.addMember(group, user.id);
      return { id: user.id, email: upn, username: name };
    },
    /** what a worker does for one user: observe through Graph, apply */
    async sync(db: Db, connectionId: string, objectId: string) {
      const observation = await getObservation(client, objectId);
      return syncUser(db, { connectionId, observation, trigger: 'change' });
    },
  };
}

const TABLES = [
  'employees',
  'contacts',
  'logins',
  'links',
  'audit_log',
  'outbox',
  'directory_users',
  'directory_group_members',
  'mapping_rules',
  'sync_runs',
  'accounts',
  'employee_defaults',
] as const;

/** Every row of the tables a sync or a rule change can write, to prove a preview wrote none. */
export async function snapshot(db: Db): Promise<string> {
  const parts: string[] = [];
  for (const table of TABLES) {
    const { rows } = await sql<
      Record<string, unknown>
    >`select * from ${sql.table(table)} order by 1, 2`.execute(db);
    parts.push(`${table}:${JSON.stringify(rows)}`);
  }
  const { rows } = await sql<{ last_value: string }>`select last_value from mapping_rules_id_seq`.execute(db);
  return `${parts.join('\n')}\nrule-seq:${rows[0]?.last_value}`;
}
