import { randomBytes } from 'node:crypto';
import type { Directory, EmuUser, Tenant, UserInput } from '@entra-sync/graph-emulator';
import {
  createAccount,
  createConnection,
  createRule,
  createSyncRun,
  getDeltaLink,
  getSubscriptionFor,
  getSyncRun,
  type RuleInput,
  type SyncRun,
} from '@entra-sync/db';
import type { MappingRule } from '@entra-sync/domain';
import type { JobInput } from '@entra-sync/queues';
import { syncSchedules } from '../../src/schedules';
import type { Fleet } from './fleet';
import { waitFor } from './wait';

export interface TenantOptions {
  /** false: return before the first delta round and full sync (default true) */
  waitForBaseline?: boolean;
  /** S3.4: false makes a customer tenant (default: the staff tenant, which takes rules of either target) */
  staffTenant?: boolean;
}

export interface TestConnection {
  /** the connection's id in our database */
  id: string;
  tenant: Tenant;
  directory: Directory;
  clientId: string;
  clientSecret: string;
  /** a customer account for contact rules */
  accountId: string;
  /** a security group in the tenant */
  group(name: string): string;
  /** a user with a unique UPN prefix (usernames are unique across the whole database) */
  user(name: string, fields?: Partial<UserInput>): EmuUser;
  rule(groupId: string, input: Partial<RuleInput>): Promise<MappingRule>;
  /** "Sync" (S8): queues a full sync run and waits until it succeeded, failed or awaits confirmation */
  fullSync(options?: { cause?: JobInput<'fullSync', 'sync.run'>['cause'] }): Promise<SyncRun>;
}

const FINISHED = new Set(['succeeded', 'failed', 'awaiting_confirmation']);

export async function connectTenant(fleet: Fleet, options: TenantOptions = {}): Promise<TestConnection> {
  const { db, box, emulator } = fleet;
  const tenant = emulator.state.createTenant();
  const { app, clientSecret } = emulator.state.createApp(tenant.id);
  const connection = await createConnection(db, box, {
    name: `Tenant ${tenant.domain}`,
    tenant: tenant.domain,
    tenantId: tenant.id,
    clientId: app.clientId,
    clientSecret,
    staffTenant: options.staffTenant ?? true,
    status: 'connected',
  });
  const account = await createAccount(db, { name: `Customer of ${tenant.domain}` });

  const fullSync = async (opts: { cause?: JobInput<'fullSync', 'sync.run'>['cause'] } = {}) => {
    const run = await createSyncRun(db, connection.id);
    await fleet.producer.add('fullSync', 'sync.run', {
      connectionId: connection.id,
      runId: run.id,
      cause: opts.cause ?? 'manual',
    });
    return (await waitFor(
      () => getSyncRun(db, run.id),
      (r) => r !== null && FINISHED.has(r.status),
      { what: `sync run ${run.id}`, timeoutMs: 30_000 },
    )) as SyncRun;
  };

  // What a worker does at boot and every minute; run now so this connection need not wait for the tick.
  await syncSchedules(db, fleet.producer, fleet.env);
  if (options.waitForBaseline !== false) await waitForBaseline(fleet, connection.id);

  const suffix = () => randomBytes(3).toString('hex');
  return {
    id: connection.id,
    tenant,
    directory: tenant.directory,
    clientId: app.clientId,
    clientSecret,
    accountId: account.id,
    group: (name) => tenant.directory.createGroup({ displayName: `${name} ${suffix()}` }).id,
    user(name, fields = {}) {
      const upn = `${name}.${suffix()}@${tenant.domain}`;
      const [first, last] = name.split('.');
      return tenant.directory.createUser({
        userPrincipalName: upn,
        mail: upn,
        givenName: first ?? name,
        surname: last ?? 'Doe',
        jobTitle: 'Engineer',
        ...fields,
      });
    },
    rule: (groupId, input) =>
      createRule(db, connection.id, {
        order: 1,
        target: 'contact',
        accountId: input.target === 'employee' ? null : account.id,
        ...input,
        groupId,
      }),
    fullSync,
  };
}

/** Subscriptions exist (notifications flow) and the first delta round set its baseline and ran its full sync. */
async function waitForBaseline(fleet: Fleet, connectionId: string): Promise<void> {
  const { db, box } = fleet;
  await waitFor(
    async () => ({
      users: (await getSubscriptionFor(db, box, connectionId, 'users')) !== null,
      groups: (await getSubscriptionFor(db, box, connectionId, 'groups')) !== null,
      usersDelta: (await getDeltaLink(db, connectionId, 'users')) !== null,
      groupsDelta: (await getDeltaLink(db, connectionId, 'groups')) !== null,
      synced: await db
        .selectFrom('sync_runs')
        .select('status')
        .where('connection_id', '=', connectionId)
        .execute(),
    }),
    (s) =>
      s.users && s.groups && s.usersDelta && s.groupsDelta && s.synced.some((r) => r.status === 'succeeded'),
    { what: `baseline of connection ${connectionId}`, timeoutMs: 20_000 },
  );
}
