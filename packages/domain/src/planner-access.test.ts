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
  rule,
  run,
  staffRule,
  world,
  type Run,
} from './testing/builders';

const portal = present({}, { groups: ['g-portal'] });
const mail = 'jane.doe@contoso.com';

interface Case {
  name: string;
  given: () => Run;
  check: (result: Run) => void;
}

const cases: Case[] = [
  {
    name: 'S6.1 the winning rule replaces the previous access',
    given: () => {
      const e = employee({
        id: '5',
        email: mail,
        login: login('jane.doe', { role: 'Administrator', modules: ['all'] }),
      });
      return run(world([e], [linkTo(e)]), present());
    },
    check: ({ plan, after }) => {
      expect(plan.ops.find((op) => op.type === 'setAccess')?.reason).toBe(
        'S6.1 access of the employee replaced by rule #1: login jane.doe enabled, role Engineer, modules tickets,time',
      );
      expect(find(after, 'employee', '5').login).toEqual(
        login('jane.doe', { role: 'Engineer', modules: ['tickets', 'time'] }),
      );
    },
  },
  {
    name: 'S6.1 a rule without role or modules grants the employee defaults',
    given: () => run(world([]), present({}, { groups: ['g9'] }), { rules: [rule({ id: 9 })] }),
    check: ({ after }) =>
      expect(find(after, 'employee', 'new-1').login).toEqual(
        login('jane.doe', { role: 'Technician', modules: ['tickets'] }),
      ),
  },
  {
    name: 'S6.1 root is exempt: fields update, access and status never change',
    given: () =>
      run(world([root]), present({ mail: 'admin@msp.example', accountEnabled: false, jobTitle: 'Owner' })),
    check: ({ plan, after }) => {
      expect(opTypes(plan)).toEqual(['merge', 'update', 'link']);
      expect(find(after, 'employee', '1')).toMatchObject({
        status: 'active',
        jobTitle: 'Owner',
        login: root.login,
      });
    },
  },
  {
    name: 'S6.2 an active employee holding the login is archived, then the portal contact is created',
    given: () =>
      run(
        world([
          root,
          employee({ id: '5', email: 'jd@contoso.com', login: login('jane.doe', { role: 'Engineer' }) }),
        ]),
        portal,
      ),
    check: ({ plan, after }) => {
      expect(opTypes(plan)).toEqual(['archive', 'create', 'setAccess', 'link']);
      expect(plan.ops[0]?.reason).toBe(
        'S6.2 archived employee 5 (jane.doe) with suffix _Archived: directory user oid-jane now maps to a portal contact ' +
          'by rule #4 and the employee holds its username jane.doe',
      );
      expect(find(after, 'employee', '5')).toMatchObject({
        status: 'archived',
        email: 'jd@contoso.com_Archived',
        login: login('jane.doe_Archived', { enabled: false }),
        hasRelationalData: true,
      });
      expect(find(after, 'contact', 'new-1')).toMatchObject({
        portalAccess: true,
        login: login('jane.doe', { role: 'PortalUser' }),
      });
    },
  },
  {
    name: 'S6.2 an active employee sharing only the e-mail is archived too',
    given: () =>
      run(world([employee({ id: '5', email: 'Jane.Doe@contoso.com', login: login('jdoe') })]), portal),
    check: ({ plan }) =>
      expect(plan.ops[0]).toMatchObject({
        type: 'archive',
        username: 'jdoe_Archived',
        email: 'Jane.Doe@contoso.com_Archived',
      }),
  },
  {
    name: 'S6.2 appends _Archived2 when _Archived is taken',
    given: () =>
      run(
        world([
          employee({
            id: '4',
            status: 'archived',
            email: 'old@x.com_Archived',
            login: login('JANE.DOE_archived', { enabled: false }),
          }),
          employee({ id: '5', email: mail, login: login('jane.doe') }),
        ]),
        portal,
      ),
    check: ({ plan, after }) => {
      expect(plan.ops[0]).toMatchObject({
        type: 'archive',
        username: 'jane.doe_Archived2',
        email: `${mail}_Archived2`,
      });
      expect(find(after, 'employee', '4').login?.username).toBe('JANE.DOE_archived');
    },
  },
  {
    name: 'S6.2 / D8 root is never archived: the contact is synced without a portal login and a conflict is logged',
    given: () =>
      run(
        world([root]),
        present(
          { mail: 'admin@msp.example', userPrincipalName: 'admin@contoso.com' },
          { groups: ['g-portal'] },
        ),
      ),
    check: ({ plan, after }) => {
      expect(opTypes(plan)).toEqual(['create', 'link', 'conflict']);
      expect(plan.ops[2]?.reason).toMatch(
        /^D8 conflict: employee \(root\) 1 \(admin\) holds the username admin a portal contact wants; .*rule #4/,
      );
      expect(plan.fingerprint).toBeNull();
      expect(find(after, 'employee', '1')).toEqual({ ...root });
      expect(find(after, 'contact', 'new-1')).toMatchObject({ portalAccess: false, login: null });
    },
  },
  {
    name: 'S6.2 / D7 a linked employee whose user now maps to a contact is archived even without portal access',
    given: () => {
      const e = employee({ id: '5', email: mail, login: login('jane.doe') });
      return run(world([e], [linkTo(e)]), portal, { rules: [{ ...portalRule, portalAccess: false }] });
    },
    check: ({ plan, after }) => {
      expect(opTypes(plan)).toEqual(['archive', 'create', 'link']);
      expect(plan.ops[0]?.reason).toMatch(/D7 directory user oid-jane left the staff/);
      expect(linkOf(after)).toMatchObject({ kind: 'contact', recordId: 'new-1' });
      expect(find(after, 'employee', '5').linkedTo).toBeNull();
    },
  },
  {
    name: 'S6.2 / D7 an unlinked employee sharing the e-mail stays when the contact gets no portal login',
    given: () =>
      run(world([employee({ id: '5', email: mail, login: login('jane.doe') })]), portal, {
        rules: [{ ...portalRule, portalAccess: false }],
      }),
    check: ({ plan }) => expect(opTypes(plan)).toEqual(['create', 'link']),
  },
  {
    name: 'S6.2 an employee synced from another directory user is not archived: conflict, contact without login',
    given: () => {
      const e = employee({ id: '5', email: 'other@contoso.com', login: login('jane.doe') });
      return run(world([e], [linkTo(e, { connectionId: 'conn-msp', objectId: 'oid-staff' })]), portal);
    },
    check: ({ plan, after }) => {
      expect(opTypes(plan)).toEqual(['create', 'link', 'conflict']);
      expect(find(after, 'employee', '5')).toMatchObject({
        status: 'active',
        login: { username: 'jane.doe' },
      });
    },
  },
  {
    name: 'S6.2 an inactive employee holding the username is not archived: conflict, contact without login',
    given: () =>
      run(
        world([employee({ id: '5', status: 'inactive', login: login('jane.doe', { enabled: false }) })]),
        portal,
      ),
    check: ({ plan, after }) => {
      expect(opTypes(plan)).toEqual(['create', 'link', 'conflict']);
      expect(plan.ops[2]?.reason).toMatch(
        /^S6\.2 conflict: inactive employee 5 \(jane\.doe\) holds username jane\.doe/,
      );
      expect(find(after, 'employee', '5')).toMatchObject({
        status: 'inactive',
        login: { username: 'jane.doe' },
      });
    },
  },
  {
    name: 'S6.3 a portal contact synced from another directory user keeps its login: conflict, employee without login',
    given: () => {
      const c = contact({ id: '7', portalAccess: true, login: login('jane.doe') });
      return run(world([c], [linkTo(c, { objectId: 'oid-customer' })]), present());
    },
    check: ({ plan, after }) => {
      expect(opTypes(plan)).toEqual(['create', 'link', 'conflict']);
      expect(find(after, 'contact', '7')).toMatchObject({
        portalAccess: true,
        login: { username: 'jane.doe' },
      });
      expect(find(after, 'employee', 'new-1').login).toBeNull();
    },
  },
  {
    name: 'S6.3 a portal contact holding the login loses it when the user maps to an employee; the contact stays',
    given: () =>
      run(
        world([
          contact({
            id: '7',
            email: 'j@customer.com',
            portalAccess: true,
            login: login('Jane.Doe', { role: 'PortalUser' }),
          }),
        ]),
        present(),
      ),
    check: ({ plan, after }) => {
      expect(opTypes(plan)).toEqual(['removePortalLogin', 'create', 'setAccess', 'link']);
      expect(plan.ops[0]?.reason).toMatch(
        /^S6\.3 removed the portal login of contact 7 \(Jane\.Doe\), contact kept/,
      );
      expect(find(after, 'contact', '7')).toMatchObject({
        status: 'active',
        portalAccess: false,
        login: null,
      });
      expect(find(after, 'employee', 'new-1').login?.username).toBe('jane.doe');
    },
  },
  {
    name: 'S6.3 / D10 a linked portal contact whose user now maps to an employee loses its portal login',
    given: () => {
      const c = contact({
        id: '7',
        email: mail,
        portalAccess: true,
        login: login('jane.doe', { role: 'PortalUser' }),
      });
      return run(world([c], [linkTo(c)]), present());
    },
    check: ({ plan, after }) => {
      expect(opTypes(plan)).toEqual(['removePortalLogin', 'create', 'setAccess', 'link']);
      expect(plan.ops[0]?.reason).toMatch(/D10 directory user oid-jane now maps to an employee by rule #1/);
      expect(find(after, 'contact', '7')).toMatchObject({ status: 'active', login: null, linkedTo: null });
    },
  },
  {
    name: 'S6.3 / D9 another employee holding the username: the employee is created without a login, conflict logged',
    given: () =>
      run(world([employee({ id: '5', email: 'someone@else.com', login: login('JANE.DOE') })]), present()),
    check: ({ plan, after }) => {
      expect(opTypes(plan)).toEqual(['create', 'link', 'conflict']);
      expect(plan.outcome).toBe('changed');
      expect(plan.ops[2]).toMatchObject({
        recordId: '5',
        reason: expect.stringMatching(
          /^D9 conflict: employee 5 \(JANE\.DOE\) already holds username jane\.doe/,
        ),
      });
      expect(find(after, 'employee', 'new-1').login).toBeNull();
    },
  },
  {
    name: 'S6.4 every op of a decision names the winning rule',
    given: () => run(world([employee({ id: '5', email: mail, login: login('jane.doe') })]), portal),
    check: ({ plan }) => {
      expect(plan.precedence).toMatch(/^S1\.2 rule #4/);
      for (const op of plan.ops) expect(op.reason).toMatch(/rule #4/);
    },
  },
  {
    name: 'S6.1 a contact rule without portal access removes an existing portal login',
    given: () => {
      const c = contact({
        id: '7',
        email: mail,
        portalAccess: true,
        login: login('jane.doe', { role: 'PortalUser' }),
      });
      return run(world([c], [linkTo(c)]), portal, {
        rules: [staffRule, { ...portalRule, portalAccess: false }],
      });
    },
    check: ({ plan, after }) => {
      expect(opTypes(plan)).toEqual(['update', 'setAccess']);
      expect(find(after, 'contact', '7')).toMatchObject({ portalAccess: false, login: null });
    },
  },
];

describe('planUser: logins, access and conflicts (S6)', () => {
  it.each(cases)('$name', ({ given, check }) => check(given()));
});
