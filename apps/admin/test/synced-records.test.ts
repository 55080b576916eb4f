import { randomUUID } from 'node:crypto';
import { syncUser } from '@entra-sync/db';
import { presentObservation } from '@entra-sync/db/testing';
import { startAdmin, type Admin } from './support/harness';

describe('admin API: synced records, the audit log and employee defaults', () => {
  let admin: Admin;
  beforeAll(async () => {
    admin = await startAdmin();
  });
  afterAll(async () => {
    await admin?.close();
  });

  it('S3.1 synced records carry their source and are found by objectId; the audit log filters by connection and object', async () => {
    const { id: connectionId, tenant } = await admin.connection();
    const group = admin.emulator.state
      .requireTenant(tenant.tenantId)
      .directory.createGroup({ displayName: 'Staff' }).id;
    await admin.api('PUT', '/api/employee-defaults', {
      department: 'Service Desk',
      location: 'HQ',
      timeZone: 'UTC',
      securityRole: 'Technician',
    });
    await admin.api('POST', `/api/connections/${connectionId}/rules`, {
      groupId: group,
      order: 1,
      target: 'employee',
    });
    const objectId = randomUUID();
    await syncUser(admin.db, {
      connectionId,
      trigger: 'change',
      observation: presentObservation(
        objectId,
        {
          userPrincipalName: 'sam.synced@contoso.example',
          mail: 'sam.synced@contoso.example',
          givenName: 'Sam',
          surname: 'Synced',
        },
        { groups: [group], at: new Date() },
      ),
    });
    const found = await admin.api('GET', `/api/employees?objectId=${objectId}`);
    expect(found.body.items).toHaveLength(1);
    expect(found.body.items[0]).toMatchObject({
      firstName: 'Sam',
      username: 'sam.synced',
      source: { connectionId, objectId },
    });
    const audit = await admin.api(
      'GET',
      `/api/audit?connectionId=${connectionId}&objectId=${objectId}&limit=2`,
    );
    expect(audit.body.items).toHaveLength(2);
    const ids = audit.body.items.map((e: { id: number }) => e.id);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids); // newest first
    const next = await admin.api(
      'GET',
      `/api/audit?connectionId=${connectionId}&objectId=${objectId}&limit=2&cursor=${audit.body.nextCursor}`,
    );
    expect(next.body.items.length).toBeGreaterThan(0);
    expect(Math.max(...next.body.items.map((e: { id: number }) => e.id))).toBeLessThan(Math.min(...ids));
    expect((await admin.api('GET', '/api/audit?recordId=nope')).status).toBe(400);
  });

  it('S4.2 a local edit of a synced record persists through a reconcile and yields to a directory change (S4.3)', async () => {
    const { id: connectionId, tenant } = await admin.connection();
    const group = admin.emulator.state
      .requireTenant(tenant.tenantId)
      .directory.createGroup({ displayName: 'Ops' }).id;
    await admin.api('POST', `/api/connections/${connectionId}/rules`, {
      groupId: group,
      order: 1,
      target: 'employee',
    });
    const objectId = randomUUID();
    const observe = (at: Date) =>
      presentObservation(
        objectId,
        {
          userPrincipalName: 'lee.local@contoso.example',
          mail: 'lee.local@contoso.example',
          jobTitle: 'Engineer',
        },
        { groups: [group], at },
      );
    await syncUser(admin.db, {
      connectionId,
      trigger: 'change',
      observation: observe(new Date(Date.now() - 2000)),
    });
    const [employee] = (await admin.api('GET', `/api/employees?objectId=${objectId}`)).body.items;
    const edited = await admin.api('PATCH', `/api/employees/${employee.id}`, { jobTitle: 'Team Lead' });
    expect(edited.body).toMatchObject({ jobTitle: 'Team Lead', source: { connectionId, objectId } });
    await syncUser(admin.db, {
      connectionId,
      trigger: 'reconcile',
      observation: observe(new Date(Date.now() - 1000)),
    });
    expect((await admin.api('GET', `/api/employees/${employee.id}`)).body.jobTitle).toBe('Team Lead');
    await syncUser(admin.db, { connectionId, trigger: 'change', observation: observe(new Date()) });
    expect((await admin.api('GET', `/api/employees/${employee.id}`)).body.jobTitle).toBe('Engineer');
  });

  it('S2.3 employee defaults: GET, PUT replaces, 400 for a bad time zone, 422 for an unknown role', async () => {
    const saved = await admin.api('PUT', '/api/employee-defaults', {
      department: 'Operations',
      location: 'Berlin',
      timeZone: 'Europe/Berlin',
      securityRole: 'Technician',
      modules: ['tickets'],
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      firstName: null,
      lastName: null,
      department: 'Operations',
      location: 'Berlin',
      timeZone: 'Europe/Berlin',
      securityRole: 'Technician',
      modules: ['tickets'],
    });
    // D19: defaults are part of every employee's fingerprint, so each enabled connection re-evaluates
    expect(saved.body.syncRunIds.length).toBeGreaterThan(0);
    const { syncRunIds: _runs, ...defaults } = saved.body;
    expect((await admin.api('GET', '/api/employee-defaults')).body).toEqual(defaults);
    const tz = await admin.api('PUT', '/api/employee-defaults', { timeZone: 'Mars/Olympus' });
    expect(tz.status).toBe(400);
    expect(tz.body.detail).toContain('body.timeZone');
    const role = await admin.api('PUT', '/api/employee-defaults', { securityRole: 'Overlord' });
    expect(role.status).toBe(422);
    expect((await admin.api('GET', '/api/employee-defaults')).body.securityRole).toBe('Technician');
  });
});
