import fc from 'fast-check';
import {
  applyPlan,
  buildPlanInput,
  type DirectoryObservation,
  type EmployeeDefaults,
  type Link,
  type MappingRule,
  type PersonRecord,
  planUser,
  type Trigger,
  type World,
} from '@entra-sync/domain';
import { BatchWorld } from './batch-world';
import { mayTargetContact } from './contact-targets';
import { applyPlanEffects } from './plan-effects';

// The batch's in-memory world against the reference semantics (packages/domain/src/simulate.ts): for
// random worlds and random sequences of users, each plan equals the one buildPlanInput leads to, and the
// records and links after every plan equal applyPlan's — no database involved.

const CONN = 'conn-1';
const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 0, minutes));
const DEFAULTS: EmployeeDefaults = {
  firstName: null,
  lastName: null,
  department: 'Service Desk',
  location: 'HQ',
  timeZone: 'UTC',
  securityRole: 'Technician',
  modules: ['tickets'],
};
const rule = (
  id: number,
  groupId: string,
  target: MappingRule['target'],
  portalAccess = true,
): MappingRule => ({
  id,
  connectionId: CONN,
  groupId,
  order: id,
  createdAt: at(0),
  target,
  accountId: target === 'contact' ? 'acct-1' : null,
  securityRole: target === 'employee' ? 'Engineer' : null,
  modules: target === 'employee' ? ['time'] : [],
  portalAccess: target === 'contact' && portalAccess,
  portalRole: target === 'contact' ? 'Portal User' : null,
  transitive: groupId === 'g-nested',
});
const RULES = [
  rule(1, 'g-staff', 'employee'),
  rule(2, 'g-portal', 'contact'),
  rule(3, 'g-crm', 'contact', false),
  rule(4, 'g-nested', 'contact'),
];

const NAMES = ['pat', 'Pat', 'kim', 'admin', 'pat_Archived'];
const EMAILS = ['pat@contoso.com', ' PAT@contoso.com', 'kim@contoso.com', 'pat@contoso.com_Archived', null];
const OIDS = ['o1', 'o2', 'o3'];

const recordArb = fc.record({
  kind: fc.constantFrom('employee' as const, 'contact' as const),
  email: fc.constantFrom(...EMAILS),
  username: fc.option(fc.constantFrom(...NAMES), { nil: null }),
  status: fc.constantFrom('active' as const, 'inactive' as const, 'archived' as const),
  linkTo: fc.option(fc.record({ objectId: fc.constantFrom(...OIDS, 'other'), minutes: fc.nat(6) }), {
    nil: null,
  }),
});

const worldArb = fc.array(recordArb, { maxLength: 6 }).map((specs): World => {
  const taken = new Set<string>();
  const records: PersonRecord[] = [];
  const links: Link[] = [];
  specs.forEach((s, i) => {
    const id = `r${String(i).padStart(2, '0')}`;
    const free = s.username !== null && !taken.has(s.username.toLowerCase());
    if (free && s.username) taken.add(s.username.toLowerCase());
    const base = {
      id,
      firstName: 'Old',
      lastName: 'Name',
      email: s.email,
      officePhone: null,
      mobilePhone: null,
      jobTitle: null,
      login: free && s.username ? { username: s.username, enabled: true, role: null, modules: [] } : null,
      hasRelationalData: i % 2 === 0,
      linkedTo: null,
    };
    records.push(
      s.kind === 'employee'
        ? {
            ...base,
            kind: 'employee',
            department: 'Ops',
            location: null,
            timeZone: null,
            isRoot: i === 0,
            status: s.status,
          }
        : {
            ...base,
            kind: 'contact',
            accountId: 'acct-2',
            status: s.status === 'archived' ? 'inactive' : s.status,
            portalAccess: base.login !== null,
          },
    );
    const to = s.linkTo;
    if (to && !links.some((l) => l.objectId === to.objectId)) {
      links.push({
        connectionId: CONN,
        objectId: to.objectId,
        kind: s.kind,
        recordId: id,
        lastObservedAt: at(to.minutes),
        fingerprint: null,
        inScope: true,
      });
    }
  });
  const linked = records.map((r) => {
    const link = links.find((l) => l.kind === r.kind && l.recordId === r.id);
    return { ...r, linkedTo: link ? { connectionId: link.connectionId, objectId: link.objectId } : null };
  });
  return { records: linked, links };
});

const observationArb: fc.Arbitrary<DirectoryObservation> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      state: fc.constant('present' as const),
      objectId: fc.constantFrom(...OIDS),
      observedAt: fc.nat(10).map(at),
      user: fc.record({
        givenName: fc.constantFrom('Pat', null),
        surname: fc.constant('Doe'),
        userPrincipalName: fc.constantFrom(
          'pat@contoso.com',
          'Pat@fabrikam.com',
          'kim@contoso.com',
          'admin@x.com',
        ),
        mail: fc.constantFrom('pat@contoso.com', 'kim@contoso.com', ' PAT@contoso.com', null),
        businessPhones: fc.constant([]),
        mobilePhone: fc.constant(null),
        jobTitle: fc.constantFrom('Engineer', null),
        accountEnabled: fc.boolean(),
      }),
      directGroupIds: fc.subarray(['g-staff', 'g-portal', 'g-crm']),
      transitiveGroupIds: fc.subarray(['g-nested']),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      state: fc.constant('deleted' as const),
      objectId: fc.constantFrom(...OIDS),
      observedAt: fc.nat(10).map(at),
      hard: fc.boolean(),
    }),
  },
);

const sortWorld = (w: World): World => ({
  records: [...w.records].sort((a, b) => (a.id < b.id ? -1 : 1)),
  links: [...w.links].sort((a, b) => (a.objectId < b.objectId ? -1 : 1)),
});

describe('BatchWorld', () => {
  it('S3–S6 property: plans and states match buildPlanInput + applyPlan, user after user', () => {
    fc.assert(
      fc.property(
        worldArb,
        fc.array(fc.tuple(observationArb, fc.constantFrom<Trigger>('change', 'reconcile')), {
          minLength: 1,
          maxLength: 6,
        }),
        (start, users) => {
          const context = { connectionId: CONN, rules: RULES, defaults: DEFAULTS };
          const batch = new BatchWorld(
            CONN,
            start.records,
            start.links.filter((l) => l.connectionId === CONN),
            [],
            mayTargetContact(RULES),
          );
          let reference = start;
          users.forEach(([observation, trigger], i) => {
            const id = `n${i}`;
            const expected = planUser(buildPlanInput(reference, CONN, observation, trigger, RULES, DEFAULTS));
            const input = batch.planInput(context, { observation, trigger });
            const plan = planUser(input);
            expect(plan).toEqual(expected);
            reference = applyPlan(reference, expected, id);
            applyPlanEffects(batch, plan, input.link?.record.id ?? null, () => id);
            expect(sortWorld({ records: batch.records(), links: batch.links() })).toEqual(
              sortWorld(reference),
            );
          });
        },
      ),
      { numRuns: 1500 },
    );
  });
});
