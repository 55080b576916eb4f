import { startAdmin, type Admin } from './support/harness';

// S3.4 at the HTTP edge: the staff-tenant mark on the connection resource, and the rules it permits.
describe('admin API: the staff tenant (S3.4)', () => {
  let admin: Admin;
  let accountId: string;

  beforeAll(async () => {
    admin = await startAdmin();
    accountId = (await admin.api('POST', '/api/accounts', { name: 'Customer account' })).body.id;
  });
  afterAll(async () => {
    await admin?.close();
  });

  /** A customer connection (not marked) and a group of its tenant. */
  async function customer() {
    const { id, tenant } = await admin.connection(undefined, undefined, false);
    const directory = admin.emulator.state.requireTenant(tenant.tenantId).directory;
    return { id, group: directory.createGroup({ displayName: 'People' }).id };
  }
  const employeeRule = (groupId: string) => ({
    groupId,
    order: 1,
    target: 'employee',
    securityRole: 'Technician',
  });

  it('S3.4 a connection is a customer tenant unless marked; the resource says which', async () => {
    const { id } = await customer();
    expect((await admin.api('GET', `/api/connections/${id}`)).body.staffTenant).toBe(false);
    const staff = await admin.connection();
    expect((await admin.api('GET', `/api/connections/${staff.id}`)).body.staffTenant).toBe(true);
    const listed = (await admin.api('GET', '/api/connections')).body.items as Array<{
      id: string;
      staffTenant: boolean;
    }>;
    expect(listed.find((c) => c.id === id)?.staffTenant).toBe(false);
  });

  it('S3.4 API 422 problem+json for an employee rule on a customer connection, saying to mark it', async () => {
    const { id, group } = await customer();
    const res = await admin.api('POST', `/api/connections/${id}/rules`, employeeRule(group));
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      status: 422,
      title: expect.any(String),
      detail: expect.stringContaining('not marked as the staff tenant'),
      errors: [{ field: 'target', message: expect.any(String) }],
    });
    expect(res.body.detail).toContain('"staffTenant": true');
    expect((await admin.api('GET', `/api/connections/${id}/rules`)).body.items).toEqual([]);

    const contactRule = await admin.api('POST', `/api/connections/${id}/rules`, {
      groupId: group,
      order: 1,
      target: 'contact',
      accountId,
      portalAccess: true,
    });
    expect(contactRule.status).toBe(201);
    const retarget = await admin.api('PATCH', `/api/rules/${contactRule.body.id}`, { target: 'employee' });
    expect(retarget.status).toBe(422);
    expect((await admin.api('GET', `/api/rules/${contactRule.body.id}`)).body.target).toBe('contact');
  });

  it('S3.4 marking the connection admits the employee rule; unmarking is refused (409) while it has one', async () => {
    const { id, group } = await customer();
    const marked = await admin.api('PATCH', `/api/connections/${id}`, { staffTenant: true });
    expect(marked.status).toBe(200);
    expect(marked.body.staffTenant).toBe(true);
    const rule = await admin.api('POST', `/api/connections/${id}/rules`, employeeRule(group));
    expect(rule.status).toBe(201);

    const unmark = await admin.api('PATCH', `/api/connections/${id}`, { staffTenant: false });
    expect(unmark.status).toBe(409);
    expect(unmark.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(unmark.body).toMatchObject({
      ruleIds: [rule.body.id],
      detail: expect.stringContaining(`#${rule.body.id}`),
    });
    expect((await admin.api('GET', `/api/connections/${id}`)).body.staffTenant).toBe(true);

    expect((await admin.api('DELETE', `/api/rules/${rule.body.id}`)).status).toBe(200);
    const unmarked = await admin.api('PATCH', `/api/connections/${id}`, { staffTenant: false });
    expect(unmarked.status).toBe(200);
    expect(unmarked.body.staffTenant).toBe(false);
  });

  it('S3.4 a non-boolean staffTenant is a 400 problem naming the field', async () => {
    const { id } = await customer();
    const res = await admin.api('PATCH', `/api/connections/${id}`, { staffTenant: 'yes' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('staffTenant');
  });
});
