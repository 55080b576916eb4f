import { listEmployees, updateEmployee, updateRule } from '../src';
import { createTestDatabase, makeContact, makeEmployee, makeTicket, type TestDatabase } from '../src/testing';
import { at, syncWorld } from './support/sync-world';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.destroy();
});

const rootEmployee = async () => {
  const [root] = (await listEmployees(t.db, { limit: 1000 })).filter((e) => e.isRoot);
  if (!root) throw new Error('no root employee');
  return root;
};

describe('syncUser logins, access and conflicts (S6)', () => {
  it('S6.1 the winning rule replaces the access the login had before', async () => {
    const w = await syncWorld(t);
    const { recordId } = await w.sync(
      w.user('oid-acc', w.person('abe'), { groups: ['g-staff', 'g-portal'] }),
    );
    const id = recordId ?? '';
    expect(await w.employee(id)).toMatchObject({ login: { role: 'Engineer', modules: ['tickets', 'time'] } });
    await updateRule(t.db, w.staff.id, { securityRole: 'Manager', modules: ['reports'] });
    const result = await w.sync(
      w.user('oid-acc', w.person('abe'), { groups: ['g-staff', 'g-portal'], at: at(1) }),
      'reconcile',
    );
    expect(result.plan.ops.map((op) => op.type)).toEqual(['setAccess']);
    expect(await w.employee(id)).toMatchObject({
      login: { role: 'Manager', modules: ['reports'], enabled: true },
    });
    const [entry] = await w.audit('oid-acc');
    expect(entry).toMatchObject({
      action: 'setAccess',
      ruleId: w.staff.id,
      before: { login: { role: 'Engineer', modules: ['tickets', 'time'] } },
      after: { login: { role: 'Manager', modules: ['reports'] } },
    });
  });

  it('S6.1 root is exempt: its fields may sync, its access, status and login never change', async () => {
    const w = await syncWorld(t);
    const root = await rootEmployee();
    await updateEmployee(t.db, root.id, { email: w.email('root') });
    const rooty = { ...w.person('root'), givenName: 'Rooty' };
    const merged = await w.sync(w.user('oid-root', rooty, { at: at(0) }));
    expect(merged.recordId).toBe(root.id);
    await w.sync(w.user('oid-root', { ...rooty, accountEnabled: false }, { at: at(1) }));
    await w.sync(w.user('oid-root', rooty, { groups: [], at: at(2) }));
    await w.sync(w.deleted('oid-root', at(3)));
    expect(await w.employee(root.id)).toMatchObject({
      firstName: 'Rooty',
      isRoot: true,
      status: 'active',
      login: { username: 'admin', enabled: true, role: 'Administrator', modules: root.login?.modules },
    });
  });

  it('S6.2 an employee holding the login of a new portal contact is archived; tickets stay attached', async () => {
    const w = await syncWorld(t);
    const employee = await makeEmployee(t.db, {
      email: w.email('pat'),
      login: { username: w.username('pat'), role: 'Technician', modules: ['tickets'] },
    });
    const ticket = await makeTicket(t.db, { kind: 'employee', id: employee });

    const result = await w.sync(w.user('oid-pat', w.person('pat'), { groups: ['g-portal'] }));

    expect(result.plan.ops.map((op) => op.type)).toEqual(['archive', 'create', 'setAccess', 'link']);
    expect(await w.employee(employee)).toMatchObject({
      status: 'archived',
      email: `${w.email('pat')}_Archived`,
      login: { username: `${w.username('pat')}_Archived`, enabled: false, role: null, modules: [] },
      hasRelationalData: true,
    });
    expect(await w.contact(result.recordId ?? '')).toMatchObject({
      accountId: w.accountId,
      email: w.email('pat'),
      status: 'active',
      portalAccess: true,
      login: { username: w.username('pat'), enabled: true, role: 'Portal User', modules: [] },
    });
    const row = await t.db
      .selectFrom('tickets')
      .select('employee_id')
      .where('id', '=', ticket)
      .executeTakeFirst();
    expect(row?.employee_id).toBe(employee);

    // S6.4: why, by which rule, before → after
    const entries = (await w.audit('oid-pat')).reverse();
    expect(entries.map((e) => e.action)).toEqual(['archive', 'create', 'setAccess', 'link']);
    expect(entries.every((e) => e.ruleId === w.portal.id)).toBe(true);
    expect(entries[0]).toMatchObject({
      recordKind: 'employee',
      recordId: employee,
      before: { status: 'active', email: w.email('pat'), login: { username: w.username('pat') } },
      after: { status: 'archived', login: { username: `${w.username('pat')}_Archived`, enabled: false } },
    });
    expect(entries[0]?.reason).toMatch(/^S6\.2 archived employee .* with suffix _Archived: .*rule #\d+/);
    expect(entries[1]?.reason).toMatch(/^S3\.2 created a contact/);
  });

  it('S6.2 appends a counter when <username>_Archived is already taken', async () => {
    const w = await syncWorld(t);
    await makeEmployee(t.db, {
      status: 'archived',
      login: { username: `${w.username('quin')}_ARCHIVED`, enabled: false },
    });
    const employee = await makeEmployee(t.db, {
      email: w.email('quin'),
      login: { username: w.username('quin') },
    });
    await w.sync(w.user('oid-quin', w.person('quin'), { groups: ['g-portal'] }));
    expect(await w.employee(employee)).toMatchObject({
      status: 'archived',
      email: `${w.email('quin')}_Archived2`,
      login: { username: `${w.username('quin')}_Archived2` },
    });
  });

  it('S6.2 a staff member moved to a portal group: its employee is archived and a contact takes over (D7)', async () => {
    const w = await syncWorld(t);
    const first = await w.sync(w.user('oid-move', w.person('mo'), { at: at(0) }));
    const moved = await w.sync(w.user('oid-move', w.person('mo'), { groups: ['g-portal'], at: at(1) }));
    expect(moved.recordId).not.toBe(first.recordId);
    expect(await w.employee(first.recordId ?? '')).toMatchObject({ status: 'archived', linkedTo: null });
    expect(await w.link('oid-move')).toMatchObject({ kind: 'contact', recordId: moved.recordId });
    expect(await w.contact(moved.recordId ?? '')).toMatchObject({ login: { username: w.username('mo') } });
  });

  it('S6.2 root is never archived: the contact gets no portal login and a conflict is logged (D8)', async () => {
    const w = await syncWorld(t);
    const root = await rootEmployee();
    const result = await w.sync(
      w.user(
        'oid-admin',
        { userPrincipalName: 'admin@contoso.com', mail: w.email('admin') },
        { groups: ['g-portal'] },
      ),
    );
    expect(await w.employee(root.id)).toMatchObject({
      status: 'active',
      login: { username: 'admin', enabled: true },
    });
    expect(await w.contact(result.recordId ?? '')).toMatchObject({ login: null, portalAccess: false });
    const conflict = (await w.audit('oid-admin')).find((e) => e.action === 'conflict');
    expect(conflict).toMatchObject({ recordId: root.id, recordKind: 'employee' });
    expect(conflict?.reason).toMatch(/^D8 conflict: employee \(root\) .* holds the username admin/);
  });

  it('S6.3 a user mapped to an employee takes the login of a portal contact (in its reach, S3.4), which stays without it', async () => {
    const w = await syncWorld(t);
    const contact = await makeContact(t.db, {
      accountId: w.accountId,
      email: 'cara.other@example.com',
      login: { username: w.username('cara') },
    });
    const result = await w.sync(w.user('oid-cara', w.person('cara')));
    expect(result.plan.ops.map((op) => op.type)).toEqual([
      'removePortalLogin',
      'create',
      'setAccess',
      'link',
    ]);
    expect(await w.contact(contact)).toMatchObject({ status: 'active', login: null, portalAccess: false });
    expect(await w.employee(result.recordId ?? '')).toMatchObject({
      login: { username: w.username('cara') },
    });
    const removal = (await w.audit('oid-cara')).find((e) => e.action === 'removePortalLogin');
    expect(removal).toMatchObject({ recordId: contact, after: { login: null, portalAccess: false } });
    expect(removal?.reason).toMatch(/^S6\.3 removed the portal login/);
  });
});
