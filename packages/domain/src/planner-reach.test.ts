import { OUTSIDE_REACH } from './reach';
import {
  contact,
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
  staffRule,
  world,
  type Run,
} from './testing/builders';

// S3.4 tenant isolation. CONN plays a customer tenant (`customer`: portal rule for acct-1, not a staff
// tenant) or the MSP's staff tenant (`staff`); acct-2 is another customer's account.
const customer = { rules: [portalRule], staffTenant: false };
const staff = { rules: [staffRule], staffTenant: true };
const portalUser = present({}, { groups: ['g-portal'] });
const outsideReach = expect.stringMatching(new RegExp(`^${OUTSIDE_REACH}: `));

const otherCustomersContact = contact({
  id: '7',
  accountId: 'acct-2',
  email: 'jane.doe@contoso.com',
  hasRelationalData: true,
});
const mspEmployee = employee({
  id: '5',
  email: 'jane.doe@msp.example',
  login: login('jane.doe', { role: 'Engineer', modules: ['tickets'] }),
});

interface Case {
  name: string;
  given: () => Run;
  check: (result: Run) => void;
}

const cases: Case[] = [
  {
    name: "S3.4 a customer tenant cannot take over another customer's contact: conflict, nothing taken",
    given: () => run(world([root, otherCustomersContact]), portalUser, customer),
    check: ({ plan, after }) => {
      expect(plan.outcome).toBe('conflict');
      expect(plan.ops).toEqual([{ type: 'conflict', recordId: '7', reason: outsideReach }]);
      const [op] = plan.ops;
      expect(op?.reason).toContain('belongs to account acct-2');
      expect(op?.reason).toContain('rule #4');
      expect(find(after, 'contact', '7')).toEqual(otherCustomersContact);
      expect(linkOf(after)).toBeUndefined();
      expect(plan.fingerprint).toBeNull();
    },
  },
  {
    name: "S3.4 an in-reach contact with the e-mail is merged; the other customer's namesake is left alone",
    given: () =>
      run(
        world([
          root,
          otherCustomersContact,
          contact({ id: '9', accountId: 'acct-1', email: 'Jane.Doe@contoso.com' }),
        ]),
        portalUser,
        customer,
      ),
    check: ({ plan, after }) => {
      expect(plan.ops[0]).toMatchObject({ type: 'merge', record: { kind: 'contact', id: '9' } });
      expect(find(after, 'contact', '7')).toEqual(otherCustomersContact);
      expect(find(after, 'contact', '9')).toMatchObject({
        portalAccess: true,
        login: { username: 'jane.doe' },
      });
    },
  },
  {
    name: 'S3.4 a customer tenant cannot archive an MSP employee by a UPN prefix: the contact gets no login',
    given: () => run(world([root, mspEmployee]), portalUser, customer),
    check: ({ plan, after }) => {
      expect(opTypes(plan)).toEqual(['create', 'link', 'conflict']);
      expect(plan.ops.at(-1)).toEqual({ type: 'conflict', recordId: '5', reason: outsideReach });
      expect(plan.ops.at(-1)?.reason).toContain('not a staff tenant');
      expect(find(after, 'employee', '5')).toEqual(mspEmployee);
      expect(find(after, 'contact', 'new-1')).toMatchObject({
        accountId: 'acct-1',
        login: null,
        portalAccess: false,
      });
    },
  },
  {
    name: 'S3.4 a customer tenant cannot archive an MSP employee by e-mail either',
    given: () =>
      run(
        world([root, { ...mspEmployee, email: 'jane.doe@contoso.com', login: login('j.doe') }]),
        portalUser,
        customer,
      ),
    check: ({ plan, after }) => {
      expect(plan.ops.filter((op) => op.type === 'archive')).toEqual([]);
      expect(plan.ops.at(-1)).toEqual({ type: 'conflict', recordId: '5', reason: outsideReach });
      expect(find(after, 'employee', '5')).toMatchObject({ status: 'active', email: 'jane.doe@contoso.com' });
    },
  },
  {
    name: 'S3.4 a customer tenant never creates employees: an employee rule there is a conflict, nothing written',
    given: () => run(world([root]), present(), { rules: [staffRule], staffTenant: false }),
    check: ({ plan, after }) => {
      expect(plan.ops).toEqual([{ type: 'conflict', recordId: null, reason: outsideReach }]);
      expect(plan.ops[0]?.reason).toContain('mark the connection as the staff tenant');
      expect(after).toEqual(world([root]));
    },
  },
  {
    name: 'S3.4 a customer tenant never merges employees either',
    given: () =>
      run(world([root, { ...mspEmployee, email: 'jane.doe@contoso.com' }]), present(), {
        rules: [staffRule],
        staffTenant: false,
      }),
    check: ({ plan }) => {
      expect(plan.outcome).toBe('conflict');
      expect(opTypes(plan)).toEqual(['conflict']);
    },
  },
  {
    name: 'S3.4 a staff tenant still merges employees by e-mail',
    given: () =>
      run(world([root, { ...mspEmployee, email: 'jane.doe@contoso.com', login: null }]), present(), staff),
    check: ({ plan, after }) => {
      expect(plan.ops[0]).toMatchObject({ type: 'merge', record: { kind: 'employee', id: '5' } });
      expect(linkOf(after)).toMatchObject({ kind: 'employee', recordId: '5' });
    },
  },
  {
    name: "S3.4 a staff tenant does not take a customer's portal login (S6.3 outside the reach): the employee goes without",
    given: () =>
      run(
        world([
          root,
          contact({ id: '8', accountId: 'acct-2', portalAccess: true, login: login('jane.doe') }),
        ]),
        present(),
        staff,
      ),
    check: ({ plan, after }) => {
      expect(opTypes(plan)).toEqual(['create', 'link', 'conflict']);
      expect(plan.ops.at(-1)).toEqual({ type: 'conflict', recordId: '8', reason: outsideReach });
      expect(find(after, 'contact', '8')).toMatchObject({
        portalAccess: true,
        login: { username: 'jane.doe' },
      });
      expect(find(after, 'employee', 'new-1').login).toBeNull();
    },
  },
  {
    name: 'S3.4 a staff tenant with a contact rule of its own still archives (S6.2) inside its reach',
    given: () =>
      run(world([root, mspEmployee]), portalUser, { rules: [staffRule, portalRule], staffTenant: true }),
    check: ({ plan }) => {
      expect(opTypes(plan)[0]).toBe('archive');
    },
  },
  {
    name: "S3.4 the record linked to this directory user stays in reach when its account is no longer a rule's",
    given: () => {
      const mine = contact({ id: '6', accountId: 'acct-old', email: 'jane.doe@contoso.com' });
      return run(world([root, mine], [linkTo(mine)]), portalUser, customer);
    },
    check: ({ plan, after }) => {
      expect(plan.ops.find((op) => op.type === 'update')).toMatchObject({ accountId: 'acct-1' });
      expect(find(after, 'contact', '6')).toMatchObject({ accountId: 'acct-1' });
    },
  },
  {
    name: 'S3.4 every op of an in-scope plan names the rule that caused it',
    given: () => run(world([root, mspEmployee, otherCustomersContact]), portalUser, customer),
    check: ({ plan }) => {
      expect(plan.winningRuleId).toBe(4);
      for (const op of plan.ops) expect(op.reason).toContain('rule #4');
    },
  },
];

describe('planUser: tenant isolation (S3.4)', () => {
  it.each(cases)('$name', ({ given, check }) => check(given()));
});
