import { OUTSIDE_REACH } from '@entra-sync/domain';
import { findLoginByUsername, getContact, getEmployee, listAuditEntries, syncUser } from '../src';
import {
  createTestDatabase,
  makeAccount,
  makeConnection,
  makeContact,
  makeEmployee,
  makeRule,
  makeTicket,
  presentObservation,
  type TestDatabase,
} from '../src/testing';
import { syncWorld, T0 } from './support/sync-world';

// S3.4 against Postgres: the apply step loads the matches outside a connection's reach (T4) and the
// domain refuses them; nothing is written to the records of another customer or to MSP employees.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.destroy();
});

/** A customer tenant: not a staff tenant, one portal rule for its own account. */
async function customerTenant() {
  const connectionId = await makeConnection(t.db, { staffTenant: false });
  const accountId = await makeAccount(t.db);
  const rule = await makeRule(t.db, connectionId, {
    groupId: 'g-customer',
    target: 'contact',
    accountId,
    portalAccess: true,
    portalRole: 'Portal User',
  });
  const sync = (objectId: string, upn: string, mail: string) =>
    syncUser(t.db, {
      connectionId,
      trigger: 'change',
      observation: presentObservation(
        objectId,
        { userPrincipalName: upn, mail },
        { groups: ['g-customer'], at: T0 },
      ),
    });
  const audit = (objectId: string) => listAuditEntries(t.db, { connectionId, objectId });
  return { connectionId, accountId, rule, sync, audit };
}

const ticketOwner = async (ticketId: string) =>
  t.db
    .selectFrom('tickets')
    .select(['contact_id', 'employee_id'])
    .where('id', '=', ticketId)
    .executeTakeFirst();

describe('syncUser tenant isolation (S3.4)', () => {
  it("S3.4 a customer tenant cannot take over another customer's contact: tickets stay, no portal login", async () => {
    const c = await customerTenant();
    const otherAccount = await makeAccount(t.db);
    const victim = await makeContact(t.db, {
      accountId: otherAccount,
      email: 'victim@other-customer.example',
    });
    const ticket = await makeTicket(t.db, { kind: 'contact', id: victim });
    const before = await getContact(t.db, victim);

    const result = await c.sync('oid-attacker', 'mallory@customer.example', ' Victim@Other-Customer.example');

    expect(result.plan.outcome).toBe('conflict');
    expect(result.plan.ops).toEqual([
      {
        type: 'conflict',
        recordId: victim,
        reason: expect.stringMatching(new RegExp(`^${OUTSIDE_REACH}: `)),
      },
    ]);
    expect(await getContact(t.db, victim)).toEqual(before);
    expect(await ticketOwner(ticket)).toEqual({ contact_id: victim, employee_id: null });
    expect(await findLoginByUsername(t.db, 'mallory')).toBeNull();
    const conflict = (await c.audit('oid-attacker')).find((e) => e.action === 'conflict');
    expect(conflict?.ruleId).toBe(c.rule.id);
    expect(conflict?.reason).toContain(`belongs to account ${otherAccount}`);
    const links = await t.db
      .selectFrom('links')
      .selectAll()
      .where('connection_id', '=', c.connectionId)
      .execute();
    expect(links).toEqual([]);
  });

  it('S3.4 a customer tenant cannot archive an MSP employee by a UPN prefix: the employee keeps its login', async () => {
    const c = await customerTenant();
    const boss = await makeEmployee(t.db, {
      email: 'boss@msp.example',
      login: { username: 'boss-s34', role: 'Administrator' },
    });
    const ticket = await makeTicket(t.db, { kind: 'employee', id: boss });

    const result = await c.sync('oid-boss', 'boss-s34@customer.example', 'someone@customer.example');

    expect(result.plan.ops.map((op) => op.type)).toEqual(['create', 'link', 'conflict']);
    expect(await getEmployee(t.db, boss)).toMatchObject({
      status: 'active',
      email: 'boss@msp.example',
      login: { username: 'boss-s34', enabled: true, role: 'Administrator' },
    });
    expect(await ticketOwner(ticket)).toEqual({ contact_id: null, employee_id: boss });
    expect(await getContact(t.db, result.recordId ?? '')).toMatchObject({
      accountId: c.accountId,
      login: null,
      portalAccess: false,
    });
    expect(await findLoginByUsername(t.db, 'boss-s34')).toMatchObject({ kind: 'employee', recordId: boss });
    const conflict = (await c.audit('oid-boss')).find((e) => e.action === 'conflict');
    expect(conflict?.reason).toMatch(new RegExp(`^${OUTSIDE_REACH}: .*not a staff tenant`));
  });

  it('S3.4 a customer tenant never creates employees: its employee rule ends in a logged conflict', async () => {
    const c = await customerTenant();
    await makeRule(t.db, c.connectionId, { groupId: 'g-staff-like', target: 'employee', order: 0 });
    const employees = await t.db.selectFrom('employees').select('id').execute();

    const result = await syncUser(t.db, {
      connectionId: c.connectionId,
      trigger: 'change',
      observation: presentObservation(
        'oid-would-be-staff',
        { userPrincipalName: 'eve@customer.example', mail: 'eve@customer.example' },
        { groups: ['g-staff-like'], at: T0 },
      ),
    });

    expect(result.plan.outcome).toBe('conflict');
    expect(await t.db.selectFrom('employees').select('id').execute()).toEqual(employees);
    const [conflict] = await c.audit('oid-would-be-staff');
    expect(conflict).toMatchObject({
      action: 'conflict',
      reason: expect.stringContaining('not a staff tenant'),
    });
  });

  it('S3.4 a staff tenant still merges employees by e-mail and keeps the record id', async () => {
    const w = await syncWorld(t); // makeConnection's default: the staff tenant
    const existing = await makeEmployee(t.db, { email: w.email('stan') });
    const ticket = await makeTicket(t.db, { kind: 'employee', id: existing });

    const result = await w.sync(w.user('oid-stan', w.person('stan')));

    expect(result.plan.ops[0]).toMatchObject({ type: 'merge', record: { kind: 'employee', id: existing } });
    expect(result.recordId).toBe(existing);
    expect(await ticketOwner(ticket)).toEqual({ contact_id: null, employee_id: existing });
    expect(await w.employee(existing)).toMatchObject({ login: { username: w.username('stan') } });
  });
});
