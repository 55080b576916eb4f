import { decideConfirmation, deleteRule, getEmployee, listConfirmations } from '@entra-sync/db';
import { makeTicket } from '@entra-sync/db/testing';
import { startFleet, type Fleet } from './support/fleet';
import { auditOf, contactOf, employeeOf, loginOf, recordOf } from './support/records';
import { settle } from './support/settle';

// Deactivation, scope and login conflicts, end to end (S5, S6, S8).
let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet({ name: 'lifecycle' });
}, 60_000);
afterAll(async () => fleet?.close());

const usernameOf = (upn: string) => upn.split('@')[0] ?? upn;

describe('deactivation, scope and archival end to end', () => {
  it('S5.1 a soft-deleted user is deactivated (login disabled) and reactivated when restored', async () => {
    const tenant = await fleet.connect();
    const group = tenant.group('Portal');
    await tenant.rule(group, { target: 'contact', portalAccess: true, portalRole: 'Portal User' });
    const user = tenant.user('sofia.soft');
    tenant.directory.addMember(group, user.id);
    const synced = await fleet.latency.measure(
      'create',
      Date.now(),
      () => contactOf(fleet.db, user.id),
      Boolean,
    );
    expect(synced?.login).toMatchObject({ enabled: true, role: 'Portal User' });

    let since = Date.now();
    tenant.directory.softDeleteUser(user.id);
    const inactive = await fleet.latency.measure(
      'soft delete',
      since,
      () => contactOf(fleet.db, user.id),
      (c) => c?.status === 'inactive',
    );
    expect(inactive).toMatchObject({ id: synced!.id, login: { enabled: false } });

    since = Date.now();
    tenant.directory.restoreUser(user.id);
    const restored = await fleet.latency.measure(
      'restore',
      since,
      () => contactOf(fleet.db, user.id),
      (c) => c?.status === 'active',
    );
    expect(restored).toMatchObject({
      id: synced!.id,
      portalAccess: true,
      login: { username: usernameOf(user.userPrincipalName), enabled: true, role: 'Portal User' },
    });
  });

  it('S5.1 S5.4 a hard-deleted user is deactivated, never deleted', async () => {
    const tenant = await fleet.connect();
    const group = tenant.group('Staff');
    await tenant.rule(group, { target: 'employee' });
    const user = tenant.user('harry.hard');
    tenant.directory.addMember(group, user.id);
    const synced = await fleet.latency.measure(
      'create',
      Date.now(),
      () => employeeOf(fleet.db, user.id),
      Boolean,
    );
    await makeTicket(fleet.db, { kind: 'employee', id: synced!.id });

    const since = Date.now();
    tenant.directory.hardDeleteUser(user.id);
    const gone = await fleet.latency.measure(
      'hard delete',
      since,
      () => getEmployee(fleet.db, synced!.id),
      (e) => e?.status === 'inactive',
    );
    expect(gone).toMatchObject({
      firstName: 'harry',
      email: user.mail,
      hasRelationalData: true,
      login: { username: usernameOf(user.userPrincipalName), enabled: false },
    });
  });

  it('S5.3 a user that leaves every mapped group has no access; the record stays', async () => {
    const tenant = await fleet.connect();
    const group = tenant.group('Staff');
    await tenant.rule(group, { target: 'employee', securityRole: 'Manager', modules: ['tickets', 'hr'] });
    const user = tenant.user('lena.leaves');
    tenant.directory.addMember(group, user.id);
    const synced = await fleet.latency.measure(
      'create',
      Date.now(),
      () => employeeOf(fleet.db, user.id),
      Boolean,
    );

    const since = Date.now();
    tenant.directory.removeMember(group, user.id);
    const out = await fleet.latency.measure(
      'leave groups',
      since,
      () => employeeOf(fleet.db, user.id),
      (e) => e?.login?.enabled === false,
    );
    expect(out).toMatchObject({
      id: synced!.id,
      status: 'active',
      login: { enabled: false, role: null, modules: [] },
    });
  });

  it('S6.2 S6.4 an employee who moves to a portal group is archived, with the reason in the audit log', async () => {
    const tenant = await fleet.connect();
    const staff = tenant.group('Staff');
    const portal = tenant.group('Portal');
    await tenant.rule(staff, { target: 'employee' });
    const portalRule = await tenant.rule(portal, {
      target: 'contact',
      portalAccess: true,
      portalRole: 'Portal User',
    });
    const user = tenant.user('ari.archive');
    const username = usernameOf(user.userPrincipalName);
    tenant.directory.addMember(staff, user.id);
    const employee = await fleet.latency.measure(
      'create',
      Date.now(),
      () => employeeOf(fleet.db, user.id),
      Boolean,
    );
    await makeTicket(fleet.db, { kind: 'employee', id: employee!.id });
    await settle(fleet);

    const since = Date.now();
    tenant.directory.removeMember(staff, user.id);
    tenant.directory.addMember(portal, user.id);
    const contact = await fleet.latency.measure(
      'archive',
      since,
      () => contactOf(fleet.db, user.id),
      Boolean,
    );
    expect(contact).toMatchObject({
      email: user.mail,
      portalAccess: true,
      login: { username, enabled: true },
    });
    expect(await getEmployee(fleet.db, employee!.id)).toMatchObject({
      status: 'archived',
      email: `${user.mail}_Archived`,
      hasRelationalData: true,
      login: { username: `${username}_Archived`, enabled: false, role: null, modules: [] },
    });
    expect(await loginOf(fleet.db, username)).toMatchObject({ kind: 'contact', recordId: contact!.id });
    const archive = (await auditOf(fleet.db, user.id)).find((e) => e.action === 'archive');
    expect(archive).toMatchObject({ recordKind: 'employee', recordId: employee!.id, ruleId: portalRule.id });
    expect(archive?.reason).toMatch(/^S6\.2 archived .*_Archived/);
  });

  it('S8 a full sync that would remove too many users holds the removals for confirmation; approving them applies them', async () => {
    const tenant = await fleet.connect();
    const group = tenant.group('Customers');
    const rule = await tenant.rule(group, {
      target: 'contact',
      portalAccess: true,
      portalRole: 'Portal User',
    });
    const users = ['ann', 'ben', 'cat', 'dan', 'eve'].map((name) => tenant.user(`${name}.s8`));
    for (const user of users) tenant.directory.addMember(group, user.id);
    const enabled = async () =>
      (await Promise.all(users.map((u) => recordOf(fleet.db, u.id)))).filter((r) => r?.login?.enabled).length;
    await fleet.latency.measure('create 5', Date.now(), enabled, (n) => n === users.length);
    await settle(fleet);

    await deleteRule(fleet.db, rule.id); // e.g. a mistaken edit: every synced user is now out of scope
    const stopped = await tenant.fullSync({ cause: 'rule-change' });
    expect(stopped).toMatchObject({ status: 'awaiting_confirmation', counts: { held: 5 } });
    expect(await enabled()).toBe(users.length);
    const audit = await fleet.db
      .selectFrom('audit_log')
      .select(['action', 'reason'])
      .where('connection_id', '=', tenant.id)
      .where('action', '=', 'sync.awaiting_confirmation')
      .execute();
    expect(audit).toEqual([{ action: 'sync.awaiting_confirmation', reason: expect.stringContaining('S8') }]);

    const [pending] = await listConfirmations(fleet.db, { connectionId: tenant.id });
    expect(pending).toMatchObject({ source: 'rule-change', runId: stopped.id, count: 5 });
    const decided = await decideConfirmation(fleet.db, {
      id: pending!.id,
      decision: 'approve',
      count: 5,
      actor: 'admin-api',
    });
    expect(decided).toMatchObject({ kind: 'decided', applied: 5 });
    expect(await enabled()).toBe(0);
    for (const user of users) expect(await contactOf(fleet.db, user.id)).toMatchObject({ status: 'active' });
  });
});
