import fc from 'fast-check';
import { isWriteOp } from './plan-result';
import type { Plan, PlanOp } from './plan.types';
import { planUser } from './planner';
import { applyPlan, buildPlanInput, type World } from './simulate';
import { at, CONN, contact, employee, login, root, rule } from './testing/builders';
import type {
  DirectoryObservation,
  EmployeeDefaults,
  Link,
  MappingRule,
  PersonRecord,
  Trigger,
} from './types';

// Small pools biased towards the one person, so holders, matches and conflicts are frequent.
const USERNAMES = ['jane.doe', 'Jane.Doe', 'jane.doe', 'john', 'admin', 'jane.doe_Archived'];
const EMAILS = [
  'jane.doe@contoso.com',
  ' JANE.DOE@contoso.com',
  'jane.doe@contoso.com',
  'john@contoso.com',
  'admin@msp.example',
  null,
];
const OIDS = ['oid-jane', 'oid-jane', 'oid-john', 'oid-x'];
const GROUPS = ['g-staff', 'g-portal', 'g-nested'];

const linkArb = fc.record({
  connectionId: fc.constantFrom(CONN, 'conn-2'),
  objectId: fc.constantFrom(...OIDS),
  fingerprint: fc.option(fc.constantFrom('v1:old', 'v0:x'), { nil: null }),
  inScope: fc.boolean(),
  minutes: fc.integer({ min: 0, max: 12 }),
});

type LinkSpec = typeof linkArb extends fc.Arbitrary<infer T> ? T : never;

const recordArb = fc.record({
  kind: fc.constantFrom('employee' as const, 'contact' as const),
  email: fc.constantFrom(...EMAILS),
  username: fc.option(fc.constantFrom(...USERNAMES), { nil: null }),
  enabled: fc.boolean(),
  role: fc.option(fc.constantFrom('Engineer', 'PortalUser'), { nil: null }),
  status: fc.constantFrom('active' as const, 'active' as const, 'inactive' as const, 'archived' as const),
  portalAccess: fc.boolean(),
  firstName: fc.constantFrom('Jane', 'Old', null),
  department: fc.constantFrom('Sales', null),
  accountId: fc.constantFrom('acct-1', 'acct-2'),
  link: fc.option(linkArb, { nil: null }),
});

/** A consistent world: unique login usernames, links unique both ways, root always present. */
const worldArb = fc
  .tuple(fc.array(recordArb, { maxLength: 6 }), fc.option(linkArb, { nil: null }))
  .map(([specs, rootLink]) => {
    const taken = new Set(['admin']);
    const records: PersonRecord[] = [root];
    const links: Link[] = [];
    const addLink = (record: PersonRecord, spec: LinkSpec | null): void => {
      if (!spec || links.some((l) => l.connectionId === spec.connectionId && l.objectId === spec.objectId))
        return;
      const { minutes, ...rest } = spec;
      links.push({ ...rest, kind: record.kind, recordId: record.id, lastObservedAt: at(minutes) });
    };
    addLink(root, rootLink);
    specs.forEach((s, i) => {
      const free = s.username !== null && !taken.has(s.username.toLowerCase());
      if (free && s.username) taken.add(s.username.toLowerCase());
      const base = {
        id: String(i + 2),
        email: s.email,
        firstName: s.firstName,
        login: free && s.username ? login(s.username, { enabled: s.enabled, role: s.role }) : null,
      };
      const record: PersonRecord =
        s.kind === 'employee'
          ? employee({ ...base, status: s.status, department: s.department })
          : contact({
              ...base,
              status: s.status === 'archived' ? 'inactive' : s.status,
              portalAccess: s.portalAccess,
              accountId: s.accountId,
            });
      records.push(record);
      addLink(record, s.link);
    });
    return { records, links } satisfies World;
  });

const observationArb: fc.Arbitrary<DirectoryObservation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      state: fc.constant('present' as const),
      objectId: fc.constantFrom(...OIDS),
      observedAt: fc.integer({ min: 5, max: 30 }).map(at),
      user: fc.record({
        givenName: fc.constantFrom('Jane', 'Jane', 'Jane', null),
        surname: fc.constantFrom('Doe', 'Doe', 'Doe', null),
        userPrincipalName: fc.constantFrom(
          'jane.doe@contoso.com',
          'Jane.Doe@fabrikam.com',
          'admin@contoso.com',
          'john@x.com',
        ),
        mail: fc.constantFrom(...EMAILS, ''),
        businessPhones: fc.constantFrom([], ['+1 555 0100']),
        mobilePhone: fc.constantFrom(null, '+1 555 0101'),
        jobTitle: fc.constantFrom(null, 'Engineer', ' '),
        accountEnabled: fc.constantFrom(true, true, false),
      }),
      directGroupIds: fc.subarray(GROUPS, { minLength: 1 }),
      transitiveGroupIds: fc.subarray(GROUPS),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      state: fc.constant('deleted' as const),
      objectId: fc.constantFrom(...OIDS),
      observedAt: fc.integer({ min: 0, max: 30 }).map(at),
      hard: fc.boolean(),
    }),
  },
);

const rulesArb: fc.Arbitrary<MappingRule[]> = fc
  .array(
    fc.record({
      connectionId: fc.constantFrom(CONN, CONN, 'conn-2'),
      groupId: fc.constantFrom(...GROUPS),
      order: fc.integer({ min: 0, max: 2 }),
      target: fc.constantFrom('employee' as const, 'contact' as const),
      accountId: fc.constantFrom('acct-1', 'acct-2', 'acct-1', 'acct-1', null),
      securityRole: fc.constantFrom('Engineer', null),
      modules: fc.subarray(['tickets', 'time', 'billing']),
      portalAccess: fc.constantFrom(true, true, false),
      portalRole: fc.constantFrom('PortalUser', null),
      transitive: fc.boolean(),
    }),
    { minLength: 1, maxLength: 3 },
  )
  .map((specs) => specs.map((s, i) => rule({ ...s, id: i + 1 })));

const defaultsArb: fc.Arbitrary<EmployeeDefaults> = fc.record({
  firstName: fc.constantFrom('Unknown', null),
  lastName: fc.constantFrom('Unknown', null),
  department: fc.constantFrom('Service Desk', 'Service Desk', 'Service Desk', null),
  location: fc.constant('HQ'),
  timeZone: fc.constant('Europe/Berlin'),
  securityRole: fc.constantFrom('Technician', 'Technician', 'Technician', null),
  modules: fc.constantFrom([], ['tickets']),
});

const triggerArb = fc.constantFrom<Trigger>('change', 'reconcile');
/** S3.4: CONN is the staff tenant or a customer tenant */
const staffArb = fc.boolean();

const RANK: Record<PlanOp['type'], number> = {
  archive: 0,
  removePortalLogin: 0,
  create: 1,
  merge: 1,
  update: 2,
  deactivate: 3,
  reactivate: 3,
  setAccess: 4,
  link: 5,
  conflict: 6,
  error: 6,
  noop: 6,
};

function checkPlanShape(plan: Plan): void {
  const ranks = plan.ops.map((op) => RANK[op.type]);
  expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  const expected = plan.ops.some(isWriteOp)
    ? 'changed'
    : plan.ops.some((op) => op.type === 'error')
      ? 'error'
      : undefined;
  if (expected) expect(plan.outcome).toBe(expected);
  if (plan.outcome === 'unchanged') expect(plan.ops.every((op) => op.type === 'noop')).toBe(true);
}

const plan = (
  w: World,
  obs: DirectoryObservation,
  trigger: Trigger,
  rules: MappingRule[],
  defaults: EmployeeDefaults,
  staffTenant = true,
): Plan => planUser(buildPlanInput(w, { connectionId: CONN, staffTenant, rules, defaults }, obs, trigger));

describe('simulate: properties of planUser + applyPlan', () => {
  it('S4.3/S4.4 property: planning again on the world a plan produced writes nothing (change and reconcile)', () => {
    fc.assert(
      fc.property(
        worldArb,
        observationArb,
        rulesArb,
        defaultsArb,
        triggerArb,
        staffArb,
        (w, obs, rules, defaults, trigger, staff) => {
          const first = plan(w, obs, trigger, rules, defaults, staff);
          checkPlanShape(first);
          const w1 = applyPlan(w, first, 'new-1'); // throws on a unique violation, like the database
          expect(w1.records.length - w.records.length).toBeLessThanOrEqual(1); // S5.4: nothing deleted, at most one created
          const rootAfter = w1.records.find((r) => r.id === root.id);
          expect(rootAfter).toMatchObject({ status: 'active', login: root.login }); // root exempt (S0, S6.1)
          const incomplete = first.ops.some((op) => op.type === 'conflict' || op.type === 'error');
          for (const again of ['change', 'reconcile'] as const) {
            const second = plan(w1, obs, again, rules, defaults, staff);
            checkPlanShape(second);
            if (first.outcome === 'stale') {
              expect(second.outcome).toBe('stale');
              continue;
            }
            expect(second.ops.filter(isWriteOp)).toEqual([]);
            if (incomplete) expect(applyPlan(w1, second, 'new-2')).toEqual(w1);
            else
              expect({ outcome: second.outcome, ops: second.ops.map((op) => op.type) }).toEqual({
                outcome: 'unchanged',
                ops: ['noop'],
              });
          }
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('S1.2 property: the plan does not depend on the order of rules or groups', () => {
    fc.assert(
      fc.property(
        worldArb,
        observationArb,
        rulesArb,
        defaultsArb,
        triggerArb,
        staffArb,
        (w, obs, rules, defaults, trigger, staff) => {
          const shuffled: DirectoryObservation =
            obs.state === 'present'
              ? {
                  ...obs,
                  directGroupIds: [...obs.directGroupIds].reverse(),
                  transitiveGroupIds: [...obs.transitiveGroupIds].reverse(),
                }
              : obs;
          expect(plan(w, shuffled, trigger, [...rules].reverse(), defaults, staff)).toEqual(
            plan(w, obs, trigger, rules, defaults, staff),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it("S3.4 property: a plan changes, merges or links only records in its connection's reach", () => {
    fc.assert(
      fc.property(
        worldArb,
        observationArb,
        rulesArb,
        defaultsArb,
        triggerArb,
        staffArb,
        (w, obs, rules, defaults, trigger, staff) => {
          const p = plan(w, obs, trigger, rules, defaults, staff);
          const after = applyPlan(w, p, 'new-1');
          const accounts = new Set(
            rules.filter((r) => r.connectionId === CONN && r.target === 'contact').map((r) => r.accountId),
          );
          const own = new Set(
            w.links
              .filter((l) => l.connectionId === CONN && l.objectId === obs.objectId)
              .map((l) => `${l.kind}:${l.recordId}`),
          );
          const reachable = (r: PersonRecord): boolean =>
            own.has(`${r.kind}:${r.id}`) || (r.kind === 'employee' ? staff : accounts.has(r.accountId));
          for (const before of w.records) {
            const now = after.records.find((r) => r.kind === before.kind && r.id === before.id);
            const relinked = after.links.some(
              (l) =>
                l.connectionId === CONN &&
                l.objectId === obs.objectId &&
                l.kind === before.kind &&
                l.recordId === before.id,
            );
            const state = (r: PersonRecord | undefined) => JSON.stringify(r && { ...r, linkedTo: null });
            if (state(now) !== state(before) || relinked) expect(reachable(before)).toBe(true);
          }
          const created = after.records.filter(
            (r) => !w.records.some((b) => b.kind === r.kind && b.id === r.id),
          );
          if (!staff) expect(created.filter((r) => r.kind === 'employee')).toEqual([]);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('S3.4 property: every op of an in-scope plan names the rule that caused it', () => {
    fc.assert(
      fc.property(
        worldArb,
        observationArb,
        rulesArb,
        defaultsArb,
        triggerArb,
        staffArb,
        (w, obs, rules, d, t, staff) => {
          const p = plan(w, obs, t, rules, d, staff);
          if (p.winningRuleId === null) return;
          for (const op of p.ops) expect(op.reason).toContain(`rule #${p.winningRuleId}`);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
