import { startAdmin, type Admin } from './support/harness';

describe('admin API: mapping rules (S1, S7.4)', () => {
  let admin: Admin;
  let connectionId: string;
  let tenantId: string;
  let staff: string;
  let customers: string;
  let accountId: string;

  beforeAll(async () => {
    admin = await startAdmin();
    const connection = await admin.connection();
    connectionId = connection.id;
    tenantId = connection.tenant.tenantId;
    const directory = admin.emulator.state.requireTenant(tenantId).directory;
    staff = directory.createGroup({ displayName: 'Staff' }).id;
    customers = directory.createGroup({ displayName: 'Customers' }).id;
    accountId = (await admin.api('POST', '/api/accounts', { name: 'Northwind' })).body.id;
  });
  afterAll(async () => {
    await admin?.close();
  });

  const syncJob = (runId: string) => admin.producer.queue('fullSync').getJob(`sync.${runId}`);

  it('creates an employee rule for a group of the tenant and re-evaluates the connection (reconcile)', async () => {
    const res = await admin.api('POST', `/api/connections/${connectionId}/rules`, {
      groupId: staff,
      order: 10,
      target: 'employee',
      securityRole: 'Technician',
      modules: ['tickets', 'time'],
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(Number),
      connectionId,
      groupId: staff,
      order: 10,
      target: 'employee',
      accountId: null,
      securityRole: 'Technician',
      modules: ['tickets', 'time'],
      portalAccess: false,
      portalRole: null,
      transitive: false,
      createdAt: expect.any(String),
      syncRunId: expect.any(String),
    });
    expect(res.headers.get('location')).toBe(`/api/rules/${res.body.id}`);
    expect((await syncJob(res.body.syncRunId))?.data).toMatchObject({
      connectionId,
      runId: res.body.syncRunId,
    });
    const run = await admin.api('GET', `/api/sync-runs/${res.body.syncRunId}`);
    expect(run.body.status).toBe('queued');
  });

  it('S7.4 422 when the group does not exist in the tenant (nor a malformed id)', async () => {
    for (const groupId of ['7d7c7b4e-0000-4000-8000-00000000dead', 'not-a-group']) {
      const res = await admin.api('POST', `/api/connections/${connectionId}/rules`, {
        groupId,
        order: 1,
        target: 'employee',
      });
      expect(res.status).toBe(422);
      expect(res.contentType).toMatch(/^application\/problem\+json/);
      expect(res.body.type).toBe('urn:entra-sync:problem:group-not-found');
      expect(res.body.detail).toContain(groupId);
    }
  });

  it('S7.4 a group of another tenant does not exist in this one', async () => {
    const other = admin.emulator.state.createTenant();
    const foreign = other.directory.createGroup({ displayName: 'Elsewhere' }).id;
    const res = await admin.api('POST', `/api/connections/${connectionId}/rules`, {
      groupId: foreign,
      order: 1,
      target: 'employee',
    });
    expect(res.status).toBe(422);
  });

  it('422 for a contact rule without an account, or with an unknown one; 422 for an unknown role', async () => {
    const none = await admin.api('POST', `/api/connections/${connectionId}/rules`, {
      groupId: customers,
      order: 1,
      target: 'contact',
      portalAccess: true,
    });
    expect(none.status).toBe(422);
    expect(none.body.errors).toEqual([{ field: 'accountId', message: expect.stringContaining('account') }]);
    const unknown = await admin.api('POST', `/api/connections/${connectionId}/rules`, {
      groupId: customers,
      order: 1,
      target: 'contact',
      accountId: '00000000-0000-4000-8000-000000000001',
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.detail).toContain('no account');
    const role = await admin.api('POST', `/api/connections/${connectionId}/rules`, {
      groupId: staff,
      order: 1,
      target: 'employee',
      securityRole: 'Wizard',
    });
    expect(role.status).toBe(422);
    expect(role.body.detail).toContain("unknown role 'Wizard'");
  });

  it('400 problem+json naming the field for a malformed body', async () => {
    const res = await admin.api('POST', `/api/connections/${connectionId}/rules`, {
      groupId: staff,
      order: 'first',
      target: 'robot',
    });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'body.order',
      'body.target',
    ]);
  });

  it('S1.2 lists the rules in precedence order: lowest order, then oldest', async () => {
    const portal = await admin.api('POST', `/api/connections/${connectionId}/rules`, {
      groupId: customers,
      order: 5,
      target: 'contact',
      accountId,
      portalAccess: true,
      portalRole: 'Portal User',
    });
    expect(portal.status).toBe(201);
    const tie = await admin.api('POST', `/api/connections/${connectionId}/rules`, {
      groupId: customers,
      order: 10,
      target: 'contact',
      accountId,
    });
    const list = await admin.api('GET', `/api/connections/${connectionId}/rules`);
    const rules = list.body.items as Array<{ id: number; order: number }>;
    expect(rules[0]?.id).toBe(portal.body.id);
    const tens = rules.filter((r) => r.order === 10).map((r) => r.id);
    expect(tens[tens.length - 1]).toBe(tie.body.id);
    expect(list.body.nextCursor).toBeNull();
  });

  it('PATCH changes a rule and re-evaluates; switching target clears what only the old target used', async () => {
    const created = await admin.api('POST', `/api/connections/${connectionId}/rules`, {
      groupId: staff,
      order: 20,
      target: 'employee',
      securityRole: 'Manager',
    });
    const moved = await admin.api('PATCH', `/api/rules/${created.body.id}`, { order: 3, transitive: true });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      order: 3,
      transitive: true,
      securityRole: 'Manager',
      syncRunId: expect.any(String),
    });
    expect(moved.body.syncRunId).not.toBe(created.body.syncRunId);
    expect(await syncJob(moved.body.syncRunId)).toBeDefined();

    const needsAccount = await admin.api('PATCH', `/api/rules/${created.body.id}`, { target: 'contact' });
    expect(needsAccount.status).toBe(422);
    const contact = await admin.api('PATCH', `/api/rules/${created.body.id}`, {
      target: 'contact',
      accountId,
    });
    expect(contact.body).toMatchObject({ target: 'contact', accountId, securityRole: null, modules: [] });

    const missingGroup = await admin.api('PATCH', `/api/rules/${created.body.id}`, {
      groupId: '7d7c7b4e-0000-4000-8000-00000000beef',
    });
    expect(missingGroup.status).toBe(422);
    expect(missingGroup.body.type).toBe('urn:entra-sync:problem:group-not-found');
    expect((await admin.api('GET', `/api/rules/${created.body.id}`)).body.groupId).toBe(staff);
  });

  it('S5.3 DELETE removes a rule and re-evaluates the users it kept in scope; then 404', async () => {
    const created = await admin.api('POST', `/api/connections/${connectionId}/rules`, {
      groupId: staff,
      order: 30,
      target: 'employee',
    });
    const res = await admin.api('DELETE', `/api/rules/${created.body.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: created.body.id, deleted: true, syncRunId: expect.any(String) });
    expect(await syncJob(res.body.syncRunId)).toBeDefined();
    expect((await admin.api('DELETE', `/api/rules/${created.body.id}`)).status).toBe(404);
    expect((await admin.api('PATCH', `/api/rules/${created.body.id}`, { order: 1 })).status).toBe(404);
  });

  it('S7.3 a rule change on a disabled connection is saved but spends no work', async () => {
    const { id } = await admin.connection();
    const group = admin.emulator.state.tenants
      .get((await admin.api('GET', `/api/connections/${id}`)).body.tenantId)!
      .directory.createGroup({ displayName: 'Quiet' }).id;
    await admin.api('PATCH', `/api/connections/${id}`, { status: 'disabled' });
    const res = await admin.api('POST', `/api/connections/${id}/rules`, {
      groupId: group,
      order: 1,
      target: 'employee',
    });
    expect(res.status).toBe(201);
    expect(res.body.syncRunId).toBeNull();
  });

  it('S7.4 502 with the Entra error when the group cannot be checked because the credentials stopped working', async () => {
    const { id, tenant } = await admin.connection();
    const group = admin.emulator.state
      .requireTenant(tenant.tenantId)
      .directory.createGroup({ displayName: 'Late' }).id;
    admin.emulator.state.invalidateSecret(tenant.clientId);
    const res = await admin.api('POST', `/api/connections/${id}/rules`, {
      groupId: group,
      order: 1,
      target: 'employee',
    });
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({
      type: 'urn:entra-sync:problem:graph-unavailable',
      code: 'AADSTS7000215',
    });
    expect((await admin.api('GET', `/api/connections/${id}/rules`)).body.items).toEqual([]);
  });

  it('404 for the rules of an unknown connection', async () => {
    expect(
      (await admin.api('GET', '/api/connections/00000000-0000-4000-8000-000000000000/rules')).status,
    ).toBe(404);
    const res = await admin.api('POST', '/api/connections/00000000-0000-4000-8000-000000000000/rules', {
      groupId: staff,
      order: 1,
      target: 'employee',
    });
    expect(res.status).toBe(404);
  });
});
