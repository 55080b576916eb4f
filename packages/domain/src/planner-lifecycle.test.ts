import {
  at,
  contact,
  deleted,
  employee,
  find,
  linkOf,
  linkTo,
  login,
  opTypes,
  portalRule,
  present,
  root,
  run,
  world,
  type Run,
} from './testing/builders';

const empty = world([root]);
const synced = (): Run => run(empty, present());
const syncedContact = (): Run => run(empty, present({}, { groups: ['g-portal'] }));

interface Case {
  name: string;
  given: () => Run;
  check: (result: Run) => void;
}

const cases: Case[] = [
  {
    name: 'S5.1 a soft-deleted user is deactivated, its login disabled with username and role kept',
    given: () => run(synced().after, deleted({ at: at(20) })),
    check: ({ plan, after }) => {
      expect(opTypes(plan)).toEqual(['deactivate', 'setAccess']);
      expect(plan.ops[0]?.reason).toMatch(/^S5\.1 deactivated employee new-1 .*soft-deleted \(recycle bin\)/);
      expect(find(after, 'employee', 'new-1')).toMatchObject({
        status: 'inactive',
        login: login('jane.doe', { enabled: false, role: 'Engineer', modules: ['tickets', 'time'] }),
      });
      expect(linkOf(after)).toMatchObject({ recordId: 'new-1', inScope: false });
    },
  },
  {
    name: 'S5.1 a hard-deleted contact is deactivated, never deleted',
    given: () => run(syncedContact().after, deleted({ hard: true, at: at(20) })),
    check: ({ plan, after }) => {
      expect(plan.ops[0]?.reason).toMatch(/hard-deleted; the record is kept, never deleted/);
      expect(find(after, 'contact', 'new-1')).toMatchObject({
        status: 'inactive',
        portalAccess: true,
        login: { enabled: false },
      });
      expect(after.records).toHaveLength(2);
    },
  },
  {
    name: 'S5.1 a user restored from the recycle bin is reactivated with the same access',
    given: () => run(run(synced().after, deleted({ at: at(20) })).after, present({}, { at: at(30) })),
    check: ({ plan, after }) => {
      expect(opTypes(plan)).toEqual(['reactivate', 'setAccess']);
      expect(find(after, 'employee', 'new-1')).toMatchObject({
        status: 'active',
        login: { username: 'jane.doe', enabled: true },
      });
    },
  },
  {
    name: 'S5.1 a deleted user that was never synced is a no-op (D12)',
    given: () => run(empty, deleted()),
    check: ({ plan, after }) => {
      expect(plan.outcome).toBe('unchanged');
      expect(plan.link).toBeNull();
      expect(after).toEqual(empty);
    },
  },
  {
    name: 'S5.1 an already deactivated deleted user stays unchanged',
    given: () => {
      const gone = run(synced().after, deleted({ at: at(20) })).after;
      return run(gone, deleted({ hard: true, at: at(30) }));
    },
    check: ({ plan }) => expect(plan.outcome).toBe('unchanged'),
  },
  {
    name: 'S5.1 root is never deactivated',
    given: () => run(world([root], [linkTo(root)]), deleted()),
    check: ({ plan, after }) => {
      expect(plan.ops).toEqual([{ type: 'noop', reason: expect.stringMatching(/root.* exempt/) }]);
      expect(after.records).toEqual([
        { ...root, linkedTo: { connectionId: 'conn-1', objectId: 'oid-jane' } },
      ]);
    },
  },
  {
    name: 'S5.2 accountEnabled false → deactivated and login disabled',
    given: () => run(synced().after, present({ accountEnabled: false }, { at: at(20) })),
    check: ({ plan, after }) => {
      expect(opTypes(plan)).toEqual(['deactivate', 'setAccess']);
      expect(find(after, 'employee', 'new-1')).toMatchObject({
        status: 'inactive',
        login: { enabled: false, role: 'Engineer' },
      });
    },
  },
  {
    name: 'S5.2 accountEnabled true again → reactivated',
    given: () =>
      run(
        run(synced().after, present({ accountEnabled: false }, { at: at(20) })).after,
        present({}, { at: at(30) }),
      ),
    check: ({ plan, after }) => {
      expect(opTypes(plan)).toEqual(['reactivate', 'setAccess']);
      expect(find(after, 'employee', 'new-1')).toMatchObject({ status: 'active', login: { enabled: true } });
    },
  },
  {
    name: 'S5.2 a disabled user is created inactive',
    given: () => run(empty, present({ accountEnabled: false })),
    check: ({ plan, after }) => {
      expect(opTypes(plan)).toEqual(['create', 'deactivate', 'setAccess', 'link']);
      expect(find(after, 'employee', 'new-1')).toMatchObject({
        status: 'inactive',
        login: { enabled: false },
      });
    },
  },
  {
    name: 'S5.2 an archived record is never reactivated: the user gets a new one',
    given: () => {
      const archived = employee({
        id: '5',
        status: 'archived',
        email: 'jane.doe@contoso.com_Archived',
        login: login('jane.doe_Archived', { enabled: false }),
      });
      return run(world([archived], [linkTo(archived)]), present());
    },
    check: ({ plan, after }) => {
      expect(opTypes(plan)).toEqual(['create', 'setAccess', 'link']);
      expect(find(after, 'employee', '5')).toMatchObject({ status: 'archived', linkedTo: null });
      expect(linkOf(after)).toMatchObject({ recordId: 'new-1' });
    },
  },
  {
    name: 'S5.3 a user that leaves every mapped group loses its access; record, status and link stay',
    given: () => run(synced().after, present({}, { groups: ['g-unmapped'], at: at(20) })),
    check: ({ plan, after }) => {
      expect(plan.winningRuleId).toBeNull();
      expect(opTypes(plan)).toEqual(['setAccess']);
      expect(plan.ops[0]?.reason).toMatch(/^S5\.3\/D11 removed the access of employee new-1/);
      expect(find(after, 'employee', 'new-1')).toMatchObject({
        status: 'active',
        login: login('jane.doe', { enabled: false, role: null, modules: [] }),
      });
      expect(linkOf(after)).toMatchObject({ recordId: 'new-1', inScope: false });
    },
  },
  {
    name: 'S5.3 a portal contact out of scope loses its portal access',
    given: () => run(syncedContact().after, present({}, { groups: [], at: at(20) })),
    check: ({ after }) =>
      expect(find(after, 'contact', 'new-1')).toMatchObject({
        portalAccess: false,
        login: { enabled: false, role: null },
      }),
  },
  {
    name: 'S5.3 coming back into scope restores access through the same record',
    given: () =>
      run(run(synced().after, present({}, { groups: [], at: at(20) })).after, present({}, { at: at(30) })),
    check: ({ plan, after }) => {
      expect(opTypes(plan)).toEqual(['setAccess']);
      expect(find(after, 'employee', 'new-1').login).toEqual(
        login('jane.doe', { role: 'Engineer', modules: ['tickets', 'time'] }),
      );
      expect(linkOf(after)).toMatchObject({ inScope: true });
    },
  },
  {
    name: 'S5.3 root out of scope keeps its access (S6.1 exempt)',
    given: () => run(world([root], [linkTo(root)]), present({}, { groups: [] })),
    check: ({ plan, after }) => {
      expect(plan.ops).toEqual([{ type: 'noop', reason: expect.stringMatching(/root.* exempt/) }]);
      expect(find(after, 'employee', '1').login).toEqual(root.login);
      expect(linkOf(after)).toMatchObject({ recordId: '1', inScope: false });
    },
  },
  {
    name: 'S5.3 an out-of-scope user that was never synced is a no-op',
    given: () => run(empty, present({}, { groups: [] })),
    check: ({ plan }) => {
      expect(plan.outcome).toBe('unchanged');
      expect(plan.link).toBeNull();
    },
  },
  {
    name: 'S5.3 a reconcile of an unchanged out-of-scope user writes nothing',
    given: () =>
      run(
        run(synced().after, present({}, { groups: [], at: at(20) })).after,
        present({}, { groups: [], at: at(30) }),
        { trigger: 'reconcile' },
      ),
    check: ({ plan }) =>
      expect(plan.ops).toEqual([{ type: 'noop', reason: expect.stringMatching(/^S4\.3\/D1 reconcile/) }]),
  },
  {
    name: 'S5.4 sync never deletes: contact with relational data survives a kind switch',
    given: () => {
      const c = contact({ id: '7', email: 'jane.doe@contoso.com', hasRelationalData: true });
      return run(world([c], [linkTo(c)]), present(), {
        rules: [
          portalRule,
          { ...portalRule, id: 1, groupId: 'g-staff', target: 'employee', accountId: null },
        ],
      });
    },
    check: ({ after }) =>
      expect(find(after, 'contact', '7')).toMatchObject({
        status: 'active',
        hasRelationalData: true,
        linkedTo: null,
      }),
  },
];

describe('planUser: deactivation (S5)', () => {
  it.each(cases)('$name', ({ given, check }) => check(given()));
});
