import { updateContact, updateRule } from '@entra-sync/db';
import { makeContact, makeTicket } from '@entra-sync/db/testing';
import { startFleet, type Fleet } from './support/fleet';
import { auditOf, contactOf, employeeOf, recordsByEmail } from './support/records';
import { settle } from './support/settle';
import { waitFor } from './support/wait';

// Directory changes reach records through the whole fleet: emulator → notification → receiver → queue → worker.
let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet({ name: 'sync-rules' });
}, 60_000);
afterAll(async () => fleet?.close());

const upnPrefix = (upn: string) => upn.split('@')[0];

describe('sync rules end to end', () => {
  it('S1.1 S2.1 S3.2 a new member of a contact rule group becomes a contact', async () => {
    const tenant = await fleet.connect();
    const group = tenant.group('Customers');
    await tenant.rule(group, { target: 'contact' });
    const since = Date.now();
    const user = tenant.user('jane.doe', { mobilePhone: '+1 555 0101', businessPhones: ['+1 555 0100'] });
    tenant.directory.addMember(group, user.id);
    const contact = await fleet.latency.measure(
      'create contact',
      since,
      () => contactOf(fleet.db, user.id),
      Boolean,
    );
    expect(contact).toMatchObject({
      firstName: 'jane',
      lastName: 'doe',
      email: user.mail,
      officePhone: '+1 555 0100',
      mobilePhone: '+1 555 0101',
      jobTitle: 'Engineer',
      status: 'active',
      accountId: tenant.accountId,
      portalAccess: false,
      login: null,
    });
  });

  it('S1.1 S2.3 S3.2 a new member of an employee rule group becomes an employee with the rule access', async () => {
    const tenant = await fleet.connect();
    const group = tenant.group('Staff');
    await tenant.rule(group, { target: 'employee', securityRole: 'Manager', modules: ['tickets', 'time'] });
    const since = Date.now();
    const user = tenant.user('sam.staff');
    tenant.directory.addMember(group, user.id);
    const employee = await fleet.latency.measure(
      'create employee',
      since,
      () => employeeOf(fleet.db, user.id),
      Boolean,
    );
    expect(employee).toMatchObject({
      firstName: 'sam',
      lastName: 'staff',
      email: user.mail,
      department: 'Service Desk',
      location: 'HQ',
      timeZone: 'Europe/Berlin',
      status: 'active',
      login: {
        username: upnPrefix(user.userPrincipalName),
        enabled: true,
        role: 'Manager',
        modules: ['tickets', 'time'],
      },
    });
  });

  it('S1.2 the lowest order wins across two groups, and a later order change is applied by a full sync', async () => {
    const tenant = await fleet.connect();
    const managers = tenant.group('Managers');
    const techs = tenant.group('Technicians');
    const first = await tenant.rule(managers, {
      order: 1,
      target: 'employee',
      securityRole: 'Manager',
      modules: ['reports'],
    });
    const second = await tenant.rule(techs, {
      order: 2,
      target: 'employee',
      securityRole: 'Technician',
      modules: ['tickets'],
    });
    const user = tenant.user('pat.both');
    tenant.directory.addMember(techs, user.id);
    tenant.directory.addMember(managers, user.id);
    const role = async () => (await employeeOf(fleet.db, user.id))?.login?.role ?? null;
    await fleet.latency.measure('precedence', Date.now(), role, (r) => r === 'Manager');
    await settle(fleet);

    await updateRule(fleet.db, second.id, { order: 0 });
    expect(await role()).toBe('Manager'); // a rule edit alone is not a directory change
    const run = await tenant.fullSync();
    expect(run.status).toBe('succeeded');
    expect(await employeeOf(fleet.db, user.id)).toMatchObject({
      login: { role: 'Technician', modules: ['tickets'], enabled: true },
    });
    const access = (await auditOf(fleet.db, user.id)).filter((e) => e.action === 'setAccess');
    expect(access.at(-1)).toMatchObject({ ruleId: second.id, actor: `sync:full-sync:${run.id}` });

    // equal order: the oldest rule wins again
    await updateRule(fleet.db, second.id, { order: first.order });
    await tenant.fullSync();
    expect(await role()).toBe('Manager');
  });

  it('S3.2 merges by e-mail and keeps the record id', async () => {
    const tenant = await fleet.connect();
    const group = tenant.group('Customers');
    await tenant.rule(group, { target: 'contact' });
    const user = tenant.user('mia.merge', { givenName: 'Mia', surname: 'Merge' });
    const existing = await makeContact(fleet.db, {
      accountId: tenant.accountId,
      firstName: 'M.',
      lastName: 'Old',
      email: `  ${user.mail?.toUpperCase()} `,
    });
    const ticket = await makeTicket(fleet.db, { kind: 'contact', id: existing });
    const since = Date.now();
    tenant.directory.addMember(group, user.id);
    const contact = await fleet.latency.measure('merge', since, () => contactOf(fleet.db, user.id), Boolean);
    expect(contact).toMatchObject({ id: existing, firstName: 'Mia', lastName: 'Merge', email: user.mail });
    expect(await recordsByEmail(fleet.db, user.mail ?? '')).toHaveLength(1);
    const owner = await fleet.db
      .selectFrom('tickets')
      .select('contact_id')
      .where('id', '=', ticket)
      .executeTakeFirst();
    expect(owner?.contact_id).toBe(existing);
    expect((await auditOf(fleet.db, user.id)).map((e) => e.action)).toContain('merge');
  });

  it('S4.2 an unchanged reconcile keeps a local edit; S4.3 a directory change overwrites it', async () => {
    const tenant = await fleet.connect();
    const group = tenant.group('Customers');
    await tenant.rule(group, { target: 'contact' });
    const user = tenant.user('lou.local');
    tenant.directory.addMember(group, user.id);
    const synced = await fleet.latency.measure(
      'create contact',
      Date.now(),
      () => contactOf(fleet.db, user.id),
      Boolean,
    );
    await settle(fleet);
    await updateContact(fleet.db, synced!.id, { jobTitle: 'Edited locally', mobilePhone: '+49 1' });

    const run = await tenant.fullSync();
    expect(run).toMatchObject({ status: 'succeeded', counts: { processed: 1, unchanged: 1, updated: 0 } });
    expect(await contactOf(fleet.db, user.id)).toMatchObject({
      jobTitle: 'Edited locally',
      mobilePhone: '+49 1',
    });

    // S2.2: a change to a property we do not map still counts as "the user changed"
    const since = Date.now();
    tenant.directory.updateUser(user.id, { department: 'Sales' });
    const overwritten = await fleet.latency.measure(
      'overwrite local edit',
      since,
      () => contactOf(fleet.db, user.id),
      (c) => c?.jobTitle === 'Engineer',
    );
    expect(overwritten).toMatchObject({ id: synced!.id, jobTitle: 'Engineer', mobilePhone: null });
  });

  it('S4.1 a change still on its way (batched in the emulator, then POSTed, then queued) is applied once the fleet settles', async () => {
    const tenant = await fleet.connect();
    const group = tenant.group('Customers');
    await tenant.rule(group, { target: 'contact' });
    const user = tenant.user('sam.settle');
    tenant.directory.addMember(group, user.id);
    await fleet.latency.measure('create contact', Date.now(), () => contactOf(fleet.db, user.id), Boolean);
    await settle(fleet);
    tenant.directory.updateUser(user.id, { jobTitle: 'Settled' });
    // no wait for the record: settled means nothing is on its way anywhere, so the change is applied
    await settle(fleet);
    expect(await contactOf(fleet.db, user.id)).toMatchObject({ jobTitle: 'Settled' });
  });

  it('S4.1 the worker /metrics reports the end-to-end latency of the changes it committed', async () => {
    const committed = async () => {
      const text = await (await fetch(fleet.runtime!.metricsUrl)).text();
      return Number(/^entra_sync_end_to_end_latency_seconds_count\S* (\d+)/m.exec(text)?.[1] ?? 0);
    };
    const before = await committed();
    const tenant = await fleet.connect();
    const group = tenant.group('Customers');
    await tenant.rule(group, { target: 'contact' });
    const user = tenant.user('max.metrics');
    tenant.directory.addMember(group, user.id);
    await fleet.latency.measure('create contact', Date.now(), () => contactOf(fleet.db, user.id), Boolean);
    await waitFor(committed, (n) => n > before, { what: 'an end-to-end latency observation' });
  });
});
