import { randomUUID } from 'node:crypto';
import { startAdmin, type Admin } from './support/harness';

describe('admin API: accounts, records, logins, audit, employee defaults', () => {
  let admin: Admin;
  let accountId: string;
  beforeAll(async () => {
    admin = await startAdmin();
    accountId = (await admin.api('POST', '/api/accounts', { name: 'Northwind' })).body.id;
  });
  afterAll(async () => {
    await admin?.close();
  });

  it('accounts: create (201), get, list', async () => {
    const res = await admin.api('POST', '/api/accounts', { name: 'Adventure Works' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'Adventure Works',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect((await admin.api('GET', `/api/accounts/${res.body.id}`)).body).toEqual(res.body);
    const names = (await admin.api('GET', '/api/accounts')).body.items.map((a: { name: string }) => a.name);
    expect(names).toEqual(expect.arrayContaining(['Adventure Works', 'Northwind']));
  });

  it('contacts: local creation with a portal login, CONTRACT record fields, filters', async () => {
    const res = await admin.api('POST', '/api/contacts', {
      accountId,
      firstName: 'Cody',
      lastName: 'Customer',
      email: 'cody@northwind.example',
      officePhone: '+1 555 0100',
      username: 'cody.customer',
      portalRole: 'Portal User',
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      accountId,
      firstName: 'Cody',
      lastName: 'Customer',
      email: 'cody@northwind.example',
      username: 'cody.customer',
      officePhone: '+1 555 0100',
      mobilePhone: null,
      jobTitle: null,
      status: 'active',
      portalAccess: true,
      portalRole: 'Portal User',
      loginEnabled: true,
      source: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const id = res.body.id;
    expect((await admin.api('GET', `/api/contacts/${id}`)).body).toEqual(res.body);
    const byEmail = await admin.api('GET', '/api/contacts?email=%20CODY@northwind.example%20');
    expect(byEmail.body.items.map((c: { id: string }) => c.id)).toEqual([id]);
    expect(
      (await admin.api('GET', `/api/contacts?accountId=${accountId}&status=active`)).body.items,
    ).toHaveLength(1);
    expect((await admin.api('GET', '/api/contacts?status=inactive')).body.items).toEqual([]);
    const login = await admin.api('GET', '/api/logins?username=CODY.customer');
    expect(login.body).toEqual({
      username: 'cody.customer',
      kind: 'contact',
      recordId: id,
      enabled: true,
      role: 'Portal User',
      modules: [],
    });
  });

  it('contacts: 422 for an unknown account or portal access without a username; 409 for a username taken', async () => {
    const unknown = await admin.api('POST', '/api/contacts', { accountId: randomUUID(), firstName: 'A' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors).toEqual([
      { field: 'accountId', message: expect.stringContaining('no account') },
    ]);
    const noName = await admin.api('POST', '/api/contacts', { accountId, portalAccess: true });
    expect(noName.status).toBe(422);
    const taken = await admin.api('POST', '/api/contacts', { accountId, username: 'ADMIN' });
    expect(taken.status).toBe(409);
    expect(taken.body.type).toBe('urn:entra-sync:problem:username-taken');
    const orphans = await admin.db
      .selectFrom('contacts')
      .select('id')
      .where('first_name', 'is', null)
      .execute();
    expect(orphans).toEqual([]); // the failed creation rolled back
  });

  it('S4.2 a local contact edit is saved, audited, and removing portal access frees the username (D10)', async () => {
    const created = await admin.api('POST', '/api/contacts', {
      accountId,
      firstName: 'Lola',
      username: 'lola.local',
    });
    const id = created.body.id;
    const edited = await admin.api('PATCH', `/api/contacts/${id}`, {
      jobTitle: 'Buyer',
      mobilePhone: '+1 555 0199',
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      jobTitle: 'Buyer',
      mobilePhone: '+1 555 0199',
      username: 'lola.local',
    });
    const revoked = await admin.api('PATCH', `/api/contacts/${id}`, { portalAccess: false });
    expect(revoked.body).toMatchObject({ portalAccess: false, username: null, loginEnabled: null });
    expect((await admin.api('GET', '/api/logins?username=lola.local')).status).toBe(404);
    const inactive = await admin.api('PATCH', `/api/contacts/${id}`, {
      status: 'inactive',
      username: 'lola.again',
    });
    expect(inactive.body).toMatchObject({
      status: 'inactive',
      portalAccess: true,
      username: 'lola.again',
      loginEnabled: false,
    });

    const audit = await admin.api('GET', `/api/audit?recordId=${id}`);
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual([
      'local-edit',
      'local-edit',
      'local-edit',
      'local-create',
    ]);
    expect(audit.body.items[2]).toMatchObject({
      actor: 'admin-api',
      recordKind: 'contact',
      before: { jobTitle: null, mobilePhone: null },
      after: { jobTitle: 'Buyer', mobilePhone: '+1 555 0199' },
    });
  });

  it('employees: local creation, CONTRACT fields, 422 for an unknown module, edits', async () => {
    const res = await admin.api('POST', '/api/employees', {
      firstName: 'Erin',
      lastName: 'Staff',
      email: 'erin@msp.example',
      department: 'Service Desk',
      location: 'HQ',
      username: 'erin.staff',
      securityRole: 'Technician',
      modules: ['time', 'tickets'],
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      firstName: 'Erin',
      lastName: 'Staff',
      email: 'erin@msp.example',
      username: 'erin.staff',
      officePhone: null,
      mobilePhone: null,
      jobTitle: null,
      department: 'Service Desk',
      location: 'HQ',
      timeZone: null,
      securityRole: 'Technician',
      modules: ['tickets', 'time'],
      loginEnabled: true,
      isRoot: false,
      status: 'active',
      source: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const bad = await admin.api('POST', '/api/employees', {
      firstName: 'A',
      lastName: 'B',
      username: 'ab',
      modules: ['magic'],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.detail).toContain("unknown module 'magic'");
    const missing = await admin.api('POST', '/api/employees', { lastName: 'B' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].field).toBe('body.firstName');

    const id = res.body.id;
    const edited = await admin.api('PATCH', `/api/employees/${id}`, {
      securityRole: 'Manager',
      department: 'Projects',
    });
    expect(edited.body).toMatchObject({
      securityRole: 'Manager',
      department: 'Projects',
      modules: ['tickets', 'time'],
    });
    const deactivated = await admin.api('PATCH', `/api/employees/${id}`, { status: 'inactive' });
    expect(deactivated.body).toMatchObject({ status: 'inactive', loginEnabled: false });
    expect((await admin.api('GET', `/api/employees?email=ERIN@msp.example`)).body.items).toHaveLength(1);
    expect(
      (await admin.api('GET', '/api/employees?status=inactive')).body.items.map((e: { id: string }) => e.id),
    ).toEqual([id]);
    expect((await admin.api('GET', `/api/employees?accountId=${accountId}`)).status).toBe(400);
  });

  it('S0 the root user stays active and keeps its login', async () => {
    const root = (await admin.api('GET', '/api/employees')).body.items.find(
      (e: { isRoot: boolean }) => e.isRoot,
    );
    expect(root).toMatchObject({ username: 'admin', securityRole: 'Administrator' });
    expect((await admin.api('PATCH', `/api/employees/${root.id}`, { status: 'archived' })).status).toBe(422);
    expect((await admin.api('PATCH', `/api/employees/${root.id}`, { username: null })).status).toBe(422);
    expect((await admin.api('PATCH', `/api/employees/${root.id}`, { jobTitle: 'Owner' })).body.jobTitle).toBe(
      'Owner',
    );
  });

  it('logins: 400 without a username, 404 for an unknown one', async () => {
    expect((await admin.api('GET', '/api/logins')).status).toBe(400);
    expect((await admin.api('GET', '/api/logins?username=nobody.here')).status).toBe(404);
  });
});
