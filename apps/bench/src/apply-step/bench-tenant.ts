import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import type { DirectoryObservation } from '@entra-sync/domain';
import {
  createDb,
  createRule,
  createSecretBox,
  createConnection,
  createAccount,
  type Db,
  migrateToLatest,
  saveEmployeeDefaults,
} from '@entra-sync/db';

// A synthetic tenant: 20 groups (nested in pairs), rules for 12 of them (10 employee, 2 portal contact),
// users in 1–2 groups each, 10 % matching a pre-existing record by e-mail (a few portal users whose
// e-mail and username an active employee holds: S6.2 archives).

export const BASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const PREFIX = `entra_sync_bench_${randomBytes(3).toString('hex')}`;
let clones = 0;

export function urlOf(name: string): string {
  const url = new URL(BASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin(query: string): Promise<void> {
  const client = new pg.Client({ connectionString: BASE_URL });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

export interface Tenant {
  template: string;
  connectionId: string;
  accountId: string;
  size: number;
}

const GROUPS = Array.from({ length: 20 }, (_, i) => `group-${i}`);
const PORTAL = new Set(['group-10', 'group-11']);
const email = (i: number) => `user${i}@bench.example`;

/** Users `i` with i % 10 === 0 match a pre-existing record; i % 200 === 10 are portal/employee conflicts. */
export function observation(i: number, at: Date): DirectoryObservation {
  const portal = i % 40 === 10;
  const first = portal ? `group-${10 + (i % 2)}` : `group-${i % 10}`;
  const direct = i % 3 === 0 ? [first, `group-${12 + (i % 8)}`] : [first];
  // groups 12–19 are nested in groups 2–9: rules on 2–9 are transitive
  const nested = direct.flatMap((g) => {
    const n = Number(g.slice('group-'.length));
    return n >= 12 ? [`group-${n - 10}`] : [];
  });
  return {
    state: 'present',
    objectId: `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
    observedAt: at,
    user: {
      givenName: `Given${i}`,
      surname: `Sur${i}`,
      userPrincipalName: `user${i}@bench.example`,
      mail: i % 20 === 0 ? email(i).toUpperCase() : email(i),
      businessPhones: [`+1 555 ${String(i).padStart(6, '0')}`],
      mobilePhone: null,
      jobTitle: ['Engineer', 'Lead', 'Analyst'][i % 3] ?? null,
      accountEnabled: i % 97 !== 0,
    },
    directGroupIds: direct,
    transitiveGroupIds: [...direct, ...nested],
  };
}

async function seed(db: Db, size: number): Promise<Omit<Tenant, 'template' | 'size'>> {
  const box = createSecretBox(randomBytes(32));
  const connection = await createConnection(db, box, {
    name: 'bench',
    tenant: 'bench.onmicrosoft.com',
    clientId: '00000000-0000-0000-0000-000000000001',
    clientSecret: 'bench-secret',
    // S3.4: its rules make employees, so it is the staff tenant
    staffTenant: true,
    status: 'connected',
  });
  const account = await createAccount(db, { name: 'Bench Customer' });
  await saveEmployeeDefaults(db, {
    firstName: null,
    lastName: null,
    department: 'Service Desk',
    location: 'HQ',
    timeZone: 'UTC',
    securityRole: 'Technician',
    modules: ['tickets', 'time'],
  });
  for (const [order, groupId] of GROUPS.slice(0, 12).entries()) {
    const portal = PORTAL.has(groupId);
    await createRule(db, connection.id, {
      groupId,
      order,
      target: portal ? 'contact' : 'employee',
      accountId: portal ? account.id : null,
      portalAccess: portal,
      portalRole: portal ? 'Portal User' : null,
      securityRole: portal ? null : order % 2 === 0 ? 'Technician' : 'Manager',
      modules: portal ? [] : ['tickets'],
      transitive: order >= 2 && order <= 9,
    });
  }
  // 10 % pre-existing: employees (with a login for the S6.2 conflicts), contacts for the other portal users
  await sql`
    with pre as (select i from generate_series(0, ${size - 1}) i where i % 10 = 0),
    e as (
      insert into employees (first_name, last_name, email, department, location, time_zone)
      select 'Old' || i, 'Record', 'user' || i || '@bench.example', 'Ops', 'HQ', 'UTC'
      from pre where not (i % 40 = 10 and i % 200 <> 10)
      returning id, email)
    insert into logins (username, employee_id, role, modules)
    select split_part(email, '@', 1), id, 'Technician', '{tickets}' from e
    where split_part(split_part(email, '@', 1), 'user', 2)::int % 200 = 10`.execute(db);
  await sql`
    insert into contacts (account_id, first_name, last_name, email)
    select ${account.id}::uuid, 'Old' || i, 'Contact', 'user' || i || '@bench.example'
    from generate_series(0, ${size - 1}) i where i % 40 = 10 and i % 200 <> 10`.execute(db);
  await sql`analyze`.execute(db);
  return { connectionId: connection.id, accountId: account.id };
}

/** A migrated, seeded template database for `size` users. */
export async function createTenant(size: number): Promise<Tenant> {
  const template = `${PREFIX}_${size}`;
  await admin(`create database ${template} template template0`);
  const db = createDb(urlOf(template), { max: 1 });
  try {
    await migrateToLatest(db);
    return { template, size, ...(await seed(db, size)) };
  } finally {
    await db.destroy();
  }
}

/** A fresh copy of the tenant for one measurement. */
export async function cloneTenant(tenant: Tenant): Promise<{ name: string; drop: () => Promise<void> }> {
  clones += 1;
  const name = `${PREFIX}_run${clones}`;
  await admin(`create database ${name} template ${tenant.template}`);
  return { name, drop: () => admin(`drop database if exists ${name} with (force)`) };
}

export async function dropTenant(tenant: Tenant): Promise<void> {
  await admin(`drop database if exists ${tenant.template} with (force)`);
}
