import { sql } from 'kysely';
import { createAccount, createConnection, createRule, type RuleInput } from '@entra-sync/db';
import { emailOf } from '@entra-sync/domain';
import { createGraphClient, listUsers, resolveEndpoints, type DirectoryUser } from '@entra-sync/graph';
import type { Stack } from './stack';

/** What a tenant's setup needs of a stack: the bench's or the chaos suite's. */
export type TenantHost = Pick<Stack, 'emulator' | 'db' | 'box' | 'env'>;

export const GROUPS = 20;
/** share of directory users that already have a PSA record with their e-mail (merged, not duplicated) */
const PRE_EXISTING_SHARE = 0.1;

export interface BenchTenant {
  tenantId: string;
  connectionId: string;
  /** the app registration the connection signs in with */
  clientId: string;
  clientSecret: string;
  groupIds: string[];
  /** every directory user, as Graph listed it before the sync */
  users: DirectoryUser[];
  preExisting: { contacts: number; employees: number };
}

/**
 * A seeded tenant in the emulator (20 groups, overlapping and nested membership), its connection and mapping rules
 * in our database, and pre-existing records for 10 % of the users, half contacts and half employees: the e-mail
 * match merges them (S3.2), and employees whose rules now say client portal are archived (S6).
 */
export async function setupTenant(stack: TenantHost, users: number, seed: string): Promise<BenchTenant> {
  const { emulator, db, box } = stack;
  const tenant = await emulator.createTenant();
  const app = await emulator.createApp(tenant.id);
  const seeded = await emulator.seed(tenant.id, { seed, users, groups: GROUPS });
  const listed = await listAll(stack, tenant.id, app.clientId, app.clientSecret);
  await emulator.resetCounters(); // the listing above is the benchmark's, not the product's

  const account = await createAccount(db, { name: `Customer of ${tenant.domain}` });
  const connection = await createConnection(db, box, {
    name: `Bench ${tenant.domain}`,
    tenant: tenant.domain,
    tenantId: tenant.id,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    // S3.4: its rules make employees, so it is the staff tenant
    staffTenant: true,
    status: 'connected',
  });
  for (const [i, groupId] of seeded.groupIds.entries())
    await createRule(db, connection.id, ruleFor(i, groupId, account.id));
  const preExisting = await insertPreExisting(stack, listed, account.id);
  return {
    tenantId: tenant.id,
    connectionId: connection.id,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    groupIds: seeded.groupIds,
    users: listed,
    preExisting,
  };
}

/** Groups 1–4 make employees, 5–8 portal contacts, the rest contacts; every other rule counts nested members. */
function ruleFor(i: number, groupId: string, accountId: string): RuleInput {
  const transitive = i % 2 === 0;
  if (i < 4)
    return {
      groupId,
      order: i + 1,
      target: 'employee',
      securityRole: 'Technician',
      modules: ['tickets'],
      transitive,
    };
  return {
    groupId,
    order: i + 1,
    target: 'contact',
    accountId,
    portalAccess: i < 8,
    portalRole: i < 8 ? 'Portal User' : null,
    transitive,
  };
}

export async function listAll(stack: TenantHost, tenantId: string, clientId: string, clientSecret: string) {
  const endpoints = resolveEndpoints({
    cloud: 'global',
    graphEndpoint: stack.env.GRAPH_ENDPOINT ?? null,
    loginEndpoint: stack.env.LOGIN_ENDPOINT ?? null,
  });
  const client = createGraphClient(
    { tenant: tenantId, clientId, credential: { kind: 'clientSecret', clientSecret } },
    endpoints,
  );
  const users: DirectoryUser[] = [];
  for await (const page of listUsers(client)) users.push(...page.items);
  return users;
}

async function insertPreExisting(stack: TenantHost, users: DirectoryUser[], accountId: string) {
  const every = Math.round(1 / PRE_EXISTING_SHARE);
  const chosen = users.filter((u, i) => i % every === 0 && emailOf(u.user) !== null);
  const row = (u: DirectoryUser) => ({
    first_name: u.user.givenName,
    last_name: u.user.surname,
    email: emailOf(u.user),
    job_title: 'Imported from the old PSA',
  });
  const contacts = chosen.filter((_, i) => i % 2 === 0).map((u) => ({ ...row(u), account_id: accountId }));
  const employees = chosen.filter((_, i) => i % 2 === 1).map(row);
  for (let at = 0; at < contacts.length; at += 1000)
    await stack.db
      .insertInto('contacts')
      .values(contacts.slice(at, at + 1000))
      .execute();
  for (let at = 0; at < employees.length; at += 1000)
    await stack.db
      .insertInto('employees')
      .values(employees.slice(at, at + 1000))
      .execute();
  await sql`analyze`.execute(stack.db);
  return { contacts: contacts.length, employees: employees.length };
}
