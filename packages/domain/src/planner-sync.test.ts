import type { EmployeeRecord } from './types';
import {
  at,
  contact,
  DEFAULTS,
  employee,
  find,
  linkOf,
  linkTo,
  login,
  opTypes,
  portalRule,
  present,
  root,
  rule,
  run,
  staffRule,
  world,
  type Run,
} from './testing/builders';

const empty = world([root]);
const jane = present();

interface Case {
  name: string;
  given: () => Run;
  check: (result: Run) => void;
}

/** Sync once, then edit the record locally (returns the world after the edit). */
function syncedThenEdited(edit: Partial<EmployeeRecord>) {
  const first = run(empty, jane);
  const records = first.after.records.map((r) => (r.id === 'new-1' ? { ...r, ...edit } : r));
  return world(records as EmployeeRecord[], [...first.after.links]);
}

const cases: Case[] = [
  {
    name: 'S1.3 the winning rule alone decides the target kind and access (employee rule wins)',
    given: () =>
      run(empty, present({}, { groups: ['g-staff', 'g-portal'] }), {
        rules: [staffRule, { ...portalRule, order: 2 }],
      }),
    check: ({ plan, after }) => {
      expect(plan.winningRuleId).toBe(1);
      expect(plan.precedence).toBe('S1.2 rule #1 (group g-staff, direct, order 1) wins over #4 (order 2)');
      expect(find(after, 'employee', 'new-1').login).toEqual(
        login('jane.doe', { role: 'Engineer', modules: ['tickets', 'time'] }),
      );
    },
  },
  {
    name: 'S1.3 the winning rule alone decides the target kind and access (contact rule wins)',
    given: () =>
      run(empty, present({}, { groups: ['g-staff', 'g-portal'] }), {
        rules: [staffRule, { ...portalRule, order: 0 }],
      }),
    check: ({ plan, after }) => {
      expect(plan.winningRuleId).toBe(4);
      expect(after.records.filter((r) => r.kind === 'employee')).toEqual([root]);
      expect(find(after, 'contact', 'new-1')).toMatchObject({
        accountId: 'acct-1',
        portalAccess: true,
        login: login('jane.doe', { role: 'PortalUser' }),
      });
    },
  },
  {
    name: 'S1.3 a contact rule without an account is a logged error, nothing written',
    given: () =>
      run(empty, present({}, { groups: ['g-portal'] }), { rules: [{ ...portalRule, accountId: null }] }),
    check: ({ plan, after }) => {
      expect(plan.outcome).toBe('error');
      expect(plan.ops).toEqual([
        {
          type: 'error',
          reason: expect.stringMatching(/^S1\.3 rule #4 targets contacts but names no account/),
        },
      ]);
      expect(after.records).toEqual(empty.records);
    },
  },
  {
    name: 'S1.3 a merged contact moves under the winning rule account (both accounts in the reach, S3.4)',
    given: () =>
      run(
        world([contact({ id: '7', email: 'jane.doe@contoso.com', accountId: 'acct-old' })]),
        present({}, { groups: ['g-portal'] }),
        {
          rules: [
            staffRule,
            portalRule,
            rule({ id: 5, groupId: 'g-old', target: 'contact', accountId: 'acct-old', order: 9 }),
          ],
        },
      ),
    check: ({ plan, after }) => {
      expect(plan.ops.find((op) => op.type === 'update')).toMatchObject({ accountId: 'acct-1' });
      expect(find(after, 'contact', '7')).toMatchObject({ accountId: 'acct-1' });
    },
  },
  {
    name: 'S2.1 every mapped field reaches the created record; UPN → username',
    given: () => run(empty, jane),
    check: ({ plan, after }) => {
      expect(opTypes(plan)).toEqual(['create', 'setAccess', 'link']);
      expect(find(after, 'employee', 'new-1')).toMatchObject({
        firstName: 'Jane',
        lastName: 'Doe',
        email: 'jane.doe@contoso.com',
        officePhone: '+1 555 0100',
        mobilePhone: '+1 555 0101',
        jobTitle: 'Engineer',
        status: 'active',
        login: { username: 'jane.doe', enabled: true },
      });
    },
  },
  {
    name: 'S2.1 mail empty → the UPN is the e-mail',
    given: () => run(empty, present({ mail: ' ' })),
    check: ({ after }) => expect(find(after, 'employee', 'new-1').email).toBe('jane.doe@contoso.com'),
  },
  {
    name: 'S2.2 a change of an unmapped property still rewrites the mapped fields (trigger change)',
    given: () => run(syncedThenEdited({ jobTitle: 'Local edit' }), jane),
    check: ({ plan, after }) => {
      expect(plan.ops.map((op) => (op.type === 'update' ? op.changes : op.type))).toEqual([
        { jobTitle: 'Engineer' },
      ]);
      expect(find(after, 'employee', 'new-1').jobTitle).toBe('Engineer');
    },
  },
  {
    name: 'S2.2 department, location and time zone are not directory fields: a merge keeps them',
    given: () => run(world([employee({ id: '5', email: 'jane.doe@contoso.com' })]), jane),
    check: ({ after }) =>
      expect(find(after, 'employee', '5')).toMatchObject({
        department: 'Sales',
        location: 'Branch',
        timeZone: 'UTC',
      }),
  },
  {
    name: 'S2.3 a created employee takes the defaults for mandatory fields',
    given: () =>
      run(empty, present({ givenName: null }), { defaults: { ...DEFAULTS, firstName: 'Unknown' } }),
    check: ({ after }) =>
      expect(find(after, 'employee', 'new-1')).toMatchObject({
        firstName: 'Unknown',
        department: 'Service Desk',
        location: 'HQ',
        timeZone: 'Europe/Berlin',
        login: { role: 'Engineer' },
      }),
  },
  {
    name: 'S2.3 missing mandatory fields without default → one error op, no writes',
    given: () =>
      run(empty, present({ surname: null }), {
        rules: [{ ...staffRule, securityRole: null }],
        defaults: { ...DEFAULTS, securityRole: null },
      }),
    check: ({ plan, after }) => {
      expect(plan.outcome).toBe('error');
      expect(plan.ops).toHaveLength(1);
      expect(plan.ops[0]?.reason).toMatch(/^S2\.3\/D5 .*rule #1.*lastName, securityRole; nothing written$/);
      expect(plan.fingerprint).toBeNull();
      expect(after).toEqual({ records: empty.records, links: [] });
    },
  },
  {
    name: 'S2.4 a cleared optional value clears the record field',
    given: () => run(syncedThenEdited({}), present({ jobTitle: null, businessPhones: [] })),
    check: ({ plan, after }) => {
      expect(plan.ops[0]).toMatchObject({ type: 'update', changes: { jobTitle: null, officePhone: null } });
      expect(find(after, 'employee', 'new-1')).toMatchObject({ jobTitle: null, officePhone: null });
    },
  },
  {
    name: 'S2.4 a cleared mandatory value falls back to the default',
    given: () =>
      run(syncedThenEdited({}), present({ surname: null }), {
        defaults: { ...DEFAULTS, lastName: 'Unknown' },
      }),
    check: ({ after }) => expect(find(after, 'employee', 'new-1').lastName).toBe('Unknown'),
  },
  {
    name: 'S3.1 the link survives e-mail and UPN changes',
    given: () =>
      run(
        run(empty, jane).after,
        present(
          { mail: 'jane.smith@contoso.com', userPrincipalName: 'jane.smith@contoso.com' },
          { at: at(20) },
        ),
      ),
    check: ({ plan, after }) => {
      expect(opTypes(plan)).toEqual(['update', 'setAccess']);
      expect(after.records).toHaveLength(2);
      expect(find(after, 'employee', 'new-1')).toMatchObject({
        email: 'jane.smith@contoso.com',
        login: { username: 'jane.smith' },
      });
      expect(linkOf(after)).toMatchObject({ recordId: 'new-1', lastObservedAt: at(20) });
    },
  },
  {
    name: 'S3.2 merges by e-mail (case- and trim-insensitive) and keeps the record id',
    given: () => run(world([root, employee({ id: '5', email: '  JANE.Doe@Contoso.com ' })]), jane),
    check: ({ plan, after }) => {
      expect(opTypes(plan)).toEqual(['merge', 'update', 'setAccess', 'link']);
      expect(plan.link).toEqual({ record: { kind: 'employee', id: '5' }, inScope: true });
      expect(find(after, 'employee', '5')).toMatchObject({
        firstName: 'Jane',
        email: 'jane.doe@contoso.com',
        hasRelationalData: true,
      });
      expect(after.records).toHaveLength(2);
    },
  },
  {
    name: 'S3.2 creates a record when no record of the target kind has the e-mail',
    given: () => run(world([root, contact({ id: '8', email: 'jane.doe@contoso.com' })]), jane),
    check: ({ plan }) => {
      expect(opTypes(plan)).toEqual(['create', 'setAccess', 'link']);
      expect(plan.link).toEqual({ record: { kind: 'employee', id: null }, inScope: true });
    },
  },
  {
    name: 'S3.2 / D6 several matches: unlinked before linked, active before inactive, then smallest id; archived never',
    given: () =>
      run(
        world(
          [
            employee({ id: '2', email: 'jane.doe@contoso.com', status: 'archived' }),
            employee({ id: '3', email: 'jane.doe@contoso.com' }),
            employee({ id: '10', email: 'jane.doe@contoso.com', status: 'inactive' }),
            employee({ id: '100', email: 'jane.doe@contoso.com' }),
            employee({ id: '11', email: 'jane.doe@contoso.com' }),
          ],
          [linkTo(employee({ id: '3' }), { objectId: 'oid-other' })],
        ),
        jane,
      ),
    check: ({ plan }) => expect(plan.ops[0]).toMatchObject({ type: 'merge', record: { id: '11' } }),
  },
  {
    name: 'S3.3 a match linked to another directory user → conflict only',
    given: () =>
      run(
        world(
          [employee({ id: '5', email: 'jane.doe@contoso.com' })],
          [linkTo(employee({ id: '5' }), { objectId: 'oid-other' })],
        ),
        jane,
      ),
    check: ({ plan, after }) => {
      expect(plan.outcome).toBe('conflict');
      expect(plan.ops).toEqual([
        {
          type: 'conflict',
          recordId: '5',
          reason: expect.stringMatching(
            /^S3\.3 conflict: employee 5 .*linked to directory user oid-other.*rule #1/,
          ),
        },
      ]);
      expect(plan.link).toBeNull();
      expect(after.links).toHaveLength(1);
    },
  },
  {
    name: 'S3.3 two directory users never share a record: the second one conflicts',
    given: () => run(run(empty, jane).after, present({}, { objectId: 'oid-twin' })),
    check: ({ plan, after }) => {
      expect(plan.outcome).toBe('conflict');
      expect(after.links.map((l) => l.objectId)).toEqual(['oid-jane']);
    },
  },
  {
    name: 'S4.3 a change overwrites a local edit',
    given: () => run(syncedThenEdited({ firstName: 'Janet' }), jane, { trigger: 'change' }),
    check: ({ plan, after }) => {
      expect(plan.ops).toEqual([expect.objectContaining({ type: 'update', changes: { firstName: 'Jane' } })]);
      expect(plan.ops[0]?.reason).toMatch(
        /^S4\.3 wrote firstName of employee new-1 .*rule #1, trigger change/,
      );
      expect(find(after, 'employee', 'new-1').firstName).toBe('Jane');
    },
  },
  {
    name: 'S4.3 a reconcile that finds the user unchanged writes nothing (local edit persists)',
    given: () => run(syncedThenEdited({ firstName: 'Janet' }), jane, { trigger: 'reconcile' }),
    check: ({ plan, after }) => {
      expect(plan.outcome).toBe('unchanged');
      expect(opTypes(plan)).toEqual(['noop']);
      expect(find(after, 'employee', 'new-1').firstName).toBe('Janet');
    },
  },
  {
    name: 'S4.3 a reconcile writes when the directory state moved since the last apply',
    given: () =>
      run(syncedThenEdited({ firstName: 'Janet' }), present({ jobTitle: 'CTO' }), { trigger: 'reconcile' }),
    check: ({ plan }) =>
      expect(plan.ops[0]).toMatchObject({ type: 'update', changes: { firstName: 'Jane', jobTitle: 'CTO' } }),
  },
  {
    name: 'S4.4 the same change delivered twice has the effect of once',
    given: () => {
      const once = run(empty, jane);
      const twice = run(once.after, jane);
      expect(twice.after).toEqual(once.after);
      return twice;
    },
    check: ({ plan }) => {
      expect(plan.outcome).toBe('unchanged');
      expect(opTypes(plan)).toEqual(['noop']);
    },
  },
  {
    name: 'S4.5 an older observation never overwrites a newer one',
    given: () =>
      run(run(empty, present({ jobTitle: 'CTO' }, { at: at(30) })).after, present({}, { at: at(20) })),
    check: ({ plan, after }) => {
      expect(plan.outcome).toBe('stale');
      expect(plan.ops).toEqual([{ type: 'noop', reason: expect.stringMatching(/^S4\.5\/D2 stale/) }]);
      expect(find(after, 'employee', 'new-1').jobTitle).toBe('CTO');
      expect(linkOf(after)?.lastObservedAt).toEqual(at(30));
    },
  },
  {
    name: 'S4.5 an observation as new as the applied one is not stale',
    given: () => run(run(empty, jane).after, jane, { rules: [rule({ ...staffRule })] }),
    check: ({ plan }) => expect(plan.outcome).toBe('unchanged'),
  },
];

describe('planUser: scope, mapping, matching, updates', () => {
  it.each(cases)('$name', ({ given, check }) => check(given()));
});
