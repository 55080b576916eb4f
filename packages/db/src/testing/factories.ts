import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type {
  DirectoryObservation,
  DirectoryUserFields,
  EmployeeDefaults,
  LoginState,
  MappingRule,
  RecordKind,
} from '@entra-sync/domain';
import { createSecretBox, type SecretBox } from '../crypto/secret-box';
import { createAccount } from '../repositories/account.repository';
import { createConnection } from '../repositories/connection.repository';
import {
  type ContactInput,
  createContact,
  createEmployee,
  type EmployeeInput,
} from '../repositories/person-record.repository';
import { saveEmployeeDefaults } from '../repositories/employee-defaults.repository';
import { setLogin } from '../repositories/login.repository';
import { createRule, type RuleInput } from '../repositories/mapping-rule.repository';
import type { Database } from '../tables/database';

// Row factories for tests: sensible defaults, every field overridable, unique names per call.
type Db = Kysely<Database>;
const unique = () => randomBytes(3).toString('hex');

export const testSecretBox = (): SecretBox => createSecretBox(randomBytes(32));

export async function makeAccount(db: Db, name = `Account ${unique()}`): Promise<string> {
  return (await createAccount(db, { name })).id;
}

/** A connected tenant; by default the staff tenant (S3.4), which may hold every kind of rule. */
export async function makeConnection(
  db: Db,
  overrides: { name?: string; tenant?: string; box?: SecretBox; staffTenant?: boolean } = {},
): Promise<string> {
  const connection = await createConnection(db, overrides.box ?? testSecretBox(), {
    name: overrides.name ?? `Tenant ${unique()}`,
    tenant: overrides.tenant ?? `${unique()}.onmicrosoft.com`,
    clientId: randomUUID(),
    clientSecret: `secret-${unique()}`,
    status: 'connected',
    staffTenant: overrides.staffTenant ?? true,
  });
  return connection.id;
}

const loginOf = (login: Partial<LoginState> & { username: string }): LoginState => ({
  enabled: true,
  role: null,
  modules: [],
  ...login,
});

export async function makeEmployee(
  db: Db,
  input: EmployeeInput & { login?: Partial<LoginState> & { username: string } } = {},
): Promise<string> {
  const { login, ...fields } = input;
  const id = await createEmployee(db, {
    firstName: 'Erin',
    lastName: 'Staff',
    department: 'Service Desk',
    location: 'HQ',
    timeZone: 'UTC',
    ...fields,
  });
  if (login) await setLogin(db, { kind: 'employee', id }, loginOf({ role: 'Technician', ...login }));
  return id;
}

export async function makeContact(
  db: Db,
  input: ContactInput & { accountId?: string; login?: Partial<LoginState> & { username: string } } = {},
): Promise<string> {
  const { login, accountId, ...fields } = input;
  const id = await createContact(db, {
    firstName: 'Cody',
    lastName: 'Customer',
    ...fields,
    portalAccess: fields.portalAccess ?? login !== undefined,
    accountId: accountId ?? (await makeAccount(db)),
  });
  if (login) await setLogin(db, { kind: 'contact', id }, loginOf({ role: 'Portal User', ...login }));
  return id;
}

export async function makeRule(
  db: Db,
  connectionId: string,
  input: Partial<RuleInput> & { groupId: string },
): Promise<MappingRule> {
  return createRule(db, connectionId, { order: 1, target: 'employee', ...input });
}

export async function makeTicket(
  db: Db,
  owner: { kind: RecordKind; id: string },
  title = 'Printer',
): Promise<string> {
  const row = await db
    .insertInto('tickets')
    .values({ title, [owner.kind === 'employee' ? 'employee_id' : 'contact_id']: owner.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function makeInvoice(db: Db, owner: { kind: RecordKind; id: string }, amountCents = 1000) {
  const row = await db
    .insertInto('invoices')
    .values({
      number: `INV-${unique()}`,
      amount_cents: amountCents,
      [owner.kind === 'employee' ? 'employee_id' : 'contact_id']: owner.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export const DEFAULTS: EmployeeDefaults = {
  firstName: null,
  lastName: null,
  department: 'Service Desk',
  location: 'HQ',
  timeZone: 'Europe/Berlin',
  securityRole: 'Technician',
  modules: ['tickets'],
};

export async function saveDefaults(
  db: Db,
  overrides: Partial<EmployeeDefaults> = {},
): Promise<EmployeeDefaults> {
  return saveEmployeeDefaults(db, { ...DEFAULTS, ...overrides });
}

export function directoryUser(overrides: Partial<DirectoryUserFields> = {}): DirectoryUserFields {
  return {
    givenName: 'Jane',
    surname: 'Doe',
    userPrincipalName: 'jane.doe@contoso.com',
    mail: 'jane.doe@contoso.com',
    businessPhones: ['+1 555 0100'],
    mobilePhone: '+1 555 0101',
    jobTitle: 'Engineer',
    accountEnabled: true,
    ...overrides,
  };
}

export function presentObservation(
  objectId: string,
  user: Partial<DirectoryUserFields>,
  options: { groups: string[]; nested?: string[]; at: Date },
): DirectoryObservation {
  return {
    state: 'present',
    objectId,
    observedAt: options.at,
    user: directoryUser(user),
    directGroupIds: options.groups,
    transitiveGroupIds: [...options.groups, ...(options.nested ?? [])],
  };
}

export function deletedObservation(objectId: string, at: Date, hard = false): DirectoryObservation {
  return { state: 'deleted', objectId, observedAt: at, hard };
}
