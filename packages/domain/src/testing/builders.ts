// Test data for the domain's unit and property tests. Not exported from the package index.
import type { Plan, PlanOp } from '../plan.types';
import { planUser } from '../planner';
import { applyPlan, buildPlanInput, type World } from '../simulate';
import type {
  ContactRecord,
  DirectoryObservation,
  DirectoryUserFields,
  EmployeeDefaults,
  EmployeeRecord,
  Link,
  LoginState,
  MappingRule,
  PersonRecord,
  Trigger,
} from '../types';

export const CONN = 'conn-1';
export const OID = 'oid-jane';
export const T0 = new Date('2024-01-01T00:00:00.000Z');
export const at = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);

export const DEFAULTS: EmployeeDefaults = {
  firstName: null,
  lastName: null,
  department: 'Service Desk',
  location: 'HQ',
  timeZone: 'Europe/Berlin',
  securityRole: 'Technician',
  modules: ['tickets'],
};

export function rule(overrides: Partial<MappingRule> & { id: number }): MappingRule {
  return {
    connectionId: CONN,
    groupId: `g${overrides.id}`,
    order: 1,
    createdAt: T0,
    target: 'employee',
    accountId: null,
    securityRole: null,
    modules: [],
    portalAccess: false,
    portalRole: null,
    transitive: false,
    ...overrides,
  };
}

export const staffRule = rule({
  id: 1,
  groupId: 'g-staff',
  securityRole: 'Engineer',
  modules: ['tickets', 'time'],
});
export const portalRule = rule({
  id: 4,
  groupId: 'g-portal',
  target: 'contact',
  accountId: 'acct-1',
  portalAccess: true,
  portalRole: 'PortalUser',
});

export function dirUser(overrides: Partial<DirectoryUserFields> = {}): DirectoryUserFields {
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

export function present(
  user: Partial<DirectoryUserFields> = {},
  options: { groups?: string[]; nested?: string[]; at?: Date; objectId?: string } = {},
): DirectoryObservation {
  const groups = options.groups ?? ['g-staff'];
  return {
    state: 'present',
    objectId: options.objectId ?? OID,
    observedAt: options.at ?? at(10),
    user: dirUser(user),
    directGroupIds: groups,
    transitiveGroupIds: [...groups, ...(options.nested ?? [])],
  };
}

export function deleted(
  options: { hard?: boolean; at?: Date; objectId?: string } = {},
): DirectoryObservation {
  return {
    state: 'deleted',
    objectId: options.objectId ?? OID,
    observedAt: options.at ?? at(10),
    hard: options.hard ?? false,
  };
}

export function login(username: string, overrides: Partial<LoginState> = {}): LoginState {
  return { username, enabled: true, role: null, modules: [], ...overrides };
}

export function employee(overrides: Partial<EmployeeRecord> & { id: string }): EmployeeRecord {
  return {
    kind: 'employee',
    firstName: 'Old',
    lastName: 'Name',
    email: null,
    officePhone: null,
    mobilePhone: null,
    jobTitle: null,
    department: 'Sales',
    location: 'Branch',
    timeZone: 'UTC',
    isRoot: false,
    status: 'active',
    login: null,
    hasRelationalData: true,
    linkedTo: null,
    ...overrides,
  };
}

export function contact(overrides: Partial<ContactRecord> & { id: string }): ContactRecord {
  return {
    kind: 'contact',
    firstName: 'Old',
    lastName: 'Name',
    email: null,
    officePhone: null,
    mobilePhone: null,
    jobTitle: null,
    accountId: 'acct-1',
    status: 'active',
    portalAccess: false,
    login: null,
    hasRelationalData: true,
    linkedTo: null,
    ...overrides,
  };
}

export const root = employee({
  id: '1',
  isRoot: true,
  firstName: 'Root',
  lastName: 'Admin',
  email: 'admin@msp.example',
  login: login('admin', { role: 'Administrator', modules: ['all'] }),
});

export function linkTo(record: PersonRecord, overrides: Partial<Link> = {}): Link {
  return {
    connectionId: CONN,
    objectId: OID,
    kind: record.kind,
    recordId: record.id,
    lastObservedAt: at(0),
    fingerprint: null,
    inScope: true,
    ...overrides,
  };
}

export const world = (records: PersonRecord[], links: Link[] = []): World => ({ records, links });

export interface Run {
  plan: Plan;
  after: World;
}

/** Plan one observation against a world and apply it, as the db apply step would. */
export function run(
  w: World,
  observation: DirectoryObservation,
  options: {
    rules?: MappingRule[];
    trigger?: Trigger;
    defaults?: EmployeeDefaults;
    /** S3.4; default true: CONN is the MSP's staff tenant with a portal rule for its own account */
    staffTenant?: boolean;
  } = {},
): Run {
  const context = {
    connectionId: CONN,
    staffTenant: options.staffTenant ?? true,
    rules: options.rules ?? [staffRule, portalRule],
    defaults: options.defaults ?? DEFAULTS,
  };
  const input = buildPlanInput(w, context, observation, options.trigger ?? 'change');
  const plan = planUser(input);
  return { plan, after: applyPlan(w, plan, 'new-1') };
}

export const opTypes = (plan: Plan): PlanOp['type'][] => plan.ops.map((op) => op.type);

export function find(w: World, kind: PersonRecord['kind'], id: string): PersonRecord {
  const found = w.records.find((r) => r.kind === kind && r.id === id);
  if (!found) throw new Error(`test: no ${kind} ${id}`);
  return found;
}

export const linkOf = (w: World, objectId = OID): Link | undefined =>
  w.links.find((l) => l.connectionId === CONN && l.objectId === objectId);
