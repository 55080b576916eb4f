import { listEmployees, saveEmployeeDefaults, updateEmployee } from '../src';
import { createTestDatabase, makeEmployee, makeInvoice, makeTicket, type TestDatabase } from '../src/testing';
import { at, syncWorld } from './support/sync-world';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.destroy();
});

describe('syncUser matching (S3)', () => {
  it('S3.2 creates an employee with its login when no record has the e-mail', async () => {
    const w = await syncWorld(t);
    const result = await w.sync(
      w.user('oid-new', { ...w.person('nora'), givenName: 'Nora', surname: 'New' }),
    );
    expect(result.plan.outcome).toBe('changed');
    expect(result.changed).toBe(true);
    const employee = await w.employee(result.recordId ?? '');
    expect(employee).toMatchObject({
      firstName: 'Nora',
      lastName: 'New',
      email: w.email('nora'),
      officePhone: '+1 555 0100',
      mobilePhone: '+1 555 0101',
      jobTitle: 'Engineer',
      department: 'Service Desk',
      location: 'HQ',
      timeZone: 'Europe/Berlin',
      status: 'active',
      login: { username: w.username('nora'), enabled: true, role: 'Engineer', modules: ['tickets', 'time'] },
      linkedTo: { connectionId: w.connectionId, objectId: 'oid-new' },
    });
    expect(await w.link('oid-new')).toMatchObject({
      kind: 'employee',
      recordId: result.recordId,
      inScope: true,
    });
  });

  it('S3.2 merges by e-mail and keeps the record id, tickets stay attached', async () => {
    const w = await syncWorld(t);
    const existing = await makeEmployee(t.db, {
      firstName: 'Old',
      lastName: 'Name',
      email: `  ${w.email('mia').toUpperCase()} `,
      jobTitle: 'Intern',
    });
    const ticket = await makeTicket(t.db, { kind: 'employee', id: existing });
    const invoice = await makeInvoice(t.db, { kind: 'employee', id: existing });
    const before = await w.counts();

    const result = await w.sync(
      w.user('oid-mia', { ...w.person('mia'), givenName: 'Mia', surname: 'Merged' }),
    );

    expect(result.recordId).toBe(existing);
    expect(result.plan.ops.map((op) => op.type)).toEqual(['merge', 'update', 'setAccess', 'link']);
    expect((await w.counts()).employees).toBe(before.employees);
    expect(await w.employee(existing)).toMatchObject({
      firstName: 'Mia',
      lastName: 'Merged',
      email: w.email('mia'),
      jobTitle: 'Engineer',
      hasRelationalData: true,
      login: { username: w.username('mia'), role: 'Engineer' },
    });
    const ticketRow = await t.db
      .selectFrom('tickets')
      .select('employee_id')
      .where('id', '=', ticket)
      .executeTakeFirst();
    const invoiceRow = await t.db
      .selectFrom('invoices')
      .select('employee_id')
      .where('id', '=', invoice)
      .executeTakeFirst();
    expect(ticketRow?.employee_id).toBe(existing);
    expect(invoiceRow?.employee_id).toBe(existing);
  });

  it('S3.1 a linked user updates its record even after its e-mail and UPN change', async () => {
    const w = await syncWorld(t);
    const first = await w.sync(w.user('oid-li', w.person('lina'), { at: at(0) }));
    const renamed = await w.sync(
      w.user('oid-li', { ...w.person('lina.married'), surname: 'Married' }, { at: at(10) }),
    );
    expect(renamed.recordId).toBe(first.recordId);
    expect(await w.employee(first.recordId ?? '')).toMatchObject({
      email: w.email('lina.married'),
      lastName: 'Married',
      login: { username: w.username('lina.married') },
    });
    expect(await listEmployees(t.db, { email: w.email('lina') })).toEqual([]);
  });

  it('S3.3 a second directory user with the same e-mail gets a logged conflict, not the record', async () => {
    const w = await syncWorld(t);
    const first = await w.sync(w.user('oid-one', w.person('sam')));
    const before = await w.counts();
    const second = await w.sync(
      w.user('oid-two', { ...w.person('sam'), userPrincipalName: 'sam.other@contoso.com' }),
    );

    expect(second.plan.outcome).toBe('conflict');
    expect(second.recordId).toBeNull();
    expect(second.changed).toBe(false);
    expect(await w.link('oid-two')).toBeNull();
    expect(await w.link('oid-one')).toMatchObject({ recordId: first.recordId });
    const after = await w.counts();
    expect({ ...after, audit: 0 }).toEqual({ ...before, audit: 0 });
    const [entry] = await w.audit('oid-two');
    expect(entry).toMatchObject({ action: 'conflict', recordId: first.recordId, ruleId: w.staff.id });
    expect(entry?.reason).toMatch(/^S3\.3 conflict: .*already linked to directory user oid-one/);
  });

  it('S2.3 an employee without a mandatory field or default is a logged error, nothing written', async () => {
    const w = await syncWorld(t);
    await saveEmployeeDefaults(t.db, {
      firstName: null,
      lastName: null,
      department: null,
      location: 'HQ',
      timeZone: 'UTC',
      securityRole: 'Technician',
      modules: [],
    });
    const before = await w.counts();
    const result = await w.sync(w.user('oid-err', w.person('erin')));
    expect(result.plan.outcome).toBe('error');
    expect(result.recordId).toBeNull();
    const after = await w.counts();
    expect(after).toEqual({ ...before, audit: before.audit + 1 });
    const [entry] = await w.audit('oid-err');
    expect(entry).toMatchObject({ action: 'error' });
    expect(entry?.reason).toContain('department');
    // redelivered: the same error is not logged twice (S4.4)
    await w.sync(w.user('oid-err', w.person('erin')));
    expect(await w.audit('oid-err')).toHaveLength(1);
  });

  it('S4.2 a local edit persists until the directory changes that user', async () => {
    const w = await syncWorld(t);
    const created = await w.sync(w.user('oid-edit', w.person('eddie'), { at: at(0) }));
    const id = created.recordId ?? '';
    await updateEmployee(t.db, id, { jobTitle: 'Local title' });
    const reconcile = await w.sync(w.user('oid-edit', w.person('eddie'), { at: at(5) }), 'reconcile');
    expect(reconcile.changed).toBe(false);
    expect((await w.employee(id))?.jobTitle).toBe('Local title');
    const change = await w.sync(w.user('oid-edit', w.person('eddie'), { at: at(10) }), 'change');
    expect(change.changed).toBe(true);
    expect((await w.employee(id))?.jobTitle).toBe('Engineer');
  });
});
