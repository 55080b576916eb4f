import { startAdmin, type Admin } from './support/harness';
import { snapshot, tenantDirectory } from './support/directory';

type Op = {
  type: string;
  kind?: string;
  record?: { kind: string; id: string | null };
  username?: string;
  reason: string;
};
type PreviewUser = {
  objectId: string;
  email: string;
  outcome: string;
  winningRuleId: number | null;
  ops: Op[];
};

describe('admin API: explain and preview (S1.2, S6.2, S6.3)', () => {
  let admin: Admin;
  let connectionId: string;
  let dir: ReturnType<typeof tenantDirectory>;
  let staff: string;
  let portal: string;
  let accountId: string;
  let staffRule: { id: number };
  let portalRule: { id: number };

  beforeAll(async () => {
    admin = await startAdmin();
    const connection = await admin.connection();
    connectionId = connection.id;
    dir = tenantDirectory(admin.emulator, connection.tenant);
    staff = dir.group('Staff');
    portal = dir.group('Customer portal');
    accountId = (await admin.api('POST', '/api/accounts', { name: 'Northwind' })).body.id;
    await admin.api('PUT', '/api/employee-defaults', {
      department: 'Service Desk',
      location: 'HQ',
      timeZone: 'UTC',
      securityRole: 'Technician',
      modules: ['tickets'],
    });
    staffRule = (
      await admin.api('POST', `/api/connections/${connectionId}/rules`, {
        groupId: staff,
        order: 2,
        target: 'employee',
      })
    ).body;
    portalRule = (
      await admin.api('POST', `/api/connections/${connectionId}/rules`, {
        groupId: portal,
        order: 1,
        target: 'contact',
        accountId,
        portalAccess: true,
        portalRole: 'Portal User',
      })
    ).body;
  });
  afterAll(async () => {
    await admin?.close();
  });

  const currentRules = () => [
    { id: staffRule.id, groupId: staff, order: 2, target: 'employee' },
    {
      id: portalRule.id,
      groupId: portal,
      order: 1,
      target: 'contact',
      accountId,
      portalAccess: true,
      portalRole: 'Portal User',
    },
  ];
  const preview = (rules: unknown[]) =>
    admin.api('POST', `/api/connections/${connectionId}/rules/preview`, { rules });
  const userIn = (users: PreviewUser[], objectId: string) => users.find((u) => u.objectId === objectId);

  it('S1.2 explain: every matching rule in precedence order, the winner and why, the record and its access', async () => {
    const pat = dir.person('pat.both', [staff, portal], { givenName: 'Pat', surname: 'Both' });
    await dir.sync(admin.db, connectionId, pat.id);
    const res = await admin.api('GET', `/api/explain?email=${encodeURIComponent(pat.email.toUpperCase())}`);
    expect(res.status).toBe(200);
    const [user] = res.body.directoryUsers;
    expect(res.body.directoryUsers).toHaveLength(1);
    expect(user).toMatchObject({
      connectionId,
      objectId: pat.id,
      deleted: false,
      winner: portalRule.id,
      inScope: true,
    });
    expect(user.groups).toEqual(
      expect.arrayContaining([
        { groupId: staff, membership: 'direct' },
        { groupId: portal, membership: 'direct' },
      ]),
    );
    expect(
      user.matchingRules.map((r: { ruleId: number; rank: number; wins: boolean }) => [
        r.ruleId,
        r.rank,
        r.wins,
      ]),
    ).toEqual([
      [portalRule.id, 1, true],
      [staffRule.id, 2, false],
    ]);
    expect(user.explanation).toContain(`rule #${portalRule.id}`);
    expect(user.explanation).toContain(`wins over #${staffRule.id} (order 2)`);
    expect(user.nextSync.outcome).toBe('unchanged');
    expect(res.body.records).toHaveLength(1);
    expect(res.body.records[0]).toMatchObject({
      kind: 'contact',
      record: { email: pat.email, accountId, portalAccess: true, source: { connectionId, objectId: pat.id } },
      access: { portalAccess: true, login: { username: 'pat.both', enabled: true, role: 'Portal User' } },
    });
    expect(res.body.audit.length).toBeGreaterThan(0);
    expect(res.body.audit.every((e: { ruleId: number | null }) => e.ruleId === portalRule.id)).toBe(true);
    expect(res.body.summary.join('\n')).toContain('wins over');
  });

  it('S1.2 preview: a proposed order change flips the winner for a user in both groups, and writes nothing', async () => {
    const pat = (await admin.api('GET', '/api/contacts?email=pat.both@' + (await domain()))).body.items[0];
    const before = await snapshot(admin.db);
    const res = await preview([
      { ...currentRules()[0], order: 1 },
      { ...currentRules()[1], order: 1 },
    ]);
    expect(res.status).toBe(200);
    // equal order: the older rule wins (S1.2) — the staff rule was created first
    const user = userIn(res.body.users, pat.source.objectId);
    expect(user).toMatchObject({ outcome: 'changed', winningRuleId: staffRule.id });
    expect(user?.ops.some((op) => op.type === 'create' && op.kind === 'employee')).toBe(true);
    expect(user?.ops.some((op) => op.type === 'removePortalLogin')).toBe(true); // S6.3
    expect(res.body.summary).toMatchObject({ created: 1, accessChanged: 1 });
    expect(await snapshot(admin.db)).toBe(before);
  });

  it('S6.2 preview then sync: a portal user archives the active employee holding the login; explain shows why', async () => {
    const jane = dir.person('jane.doe', [portal], { givenName: 'Jane', surname: 'Doe' });
    const employee = await admin.api('POST', '/api/employees', {
      firstName: 'Jane',
      lastName: 'Doe',
      email: jane.email,
      username: 'jane.doe',
      securityRole: 'Technician',
    });
    expect(employee.status).toBe(201);

    const before = await snapshot(admin.db);
    const res = await preview(currentRules());
    expect(res.status).toBe(200);
    expect(res.body.fromGraph).toBe(1); // jane was never synced: read from Graph through the rule's group
    const user = userIn(res.body.users, jane.id);
    expect(user).toMatchObject({ outcome: 'changed', winningRuleId: portalRule.id, email: jane.email });
    const archive = user?.ops.find((op) => op.type === 'archive');
    expect(archive).toMatchObject({
      record: { kind: 'employee', id: employee.body.id },
      username: 'jane.doe_Archived',
    });
    expect(user?.ops.some((op) => op.type === 'create' && op.kind === 'contact')).toBe(true);
    expect(res.body.summary).toMatchObject({ archived: 1, created: 1 });
    expect(await snapshot(admin.db)).toBe(before);
    expect((await admin.api('GET', `/api/employees/${employee.body.id}`)).body.status).toBe('active');

    await dir.sync(admin.db, connectionId, jane.id);
    expect(await snapshot(admin.db)).not.toBe(before); // the snapshot does see a real sync
    const explained = await admin.api('GET', `/api/explain?email=${jane.email}`);
    expect(explained.status).toBe(200);
    const kinds = explained.body.records.map(
      (r: { kind: string; record: { status: string } }) => `${r.kind}:${r.record.status}`,
    );
    expect(kinds.sort()).toEqual(['contact:active', 'employee:archived']);
    const archived = explained.body.records.find((r: { kind: string }) => r.kind === 'employee');
    expect(archived.record).toMatchObject({
      id: employee.body.id,
      email: `${jane.email}_Archived`,
      username: 'jane.doe_Archived',
    });
    expect(archived.access.login).toMatchObject({ enabled: false });
    const actions = explained.body.audit.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['archive', 'create']));
    const reason = explained.body.audit.find((e: { action: string }) => e.action === 'archive').reason;
    expect(reason).toContain('S6.2');
  });

  it('S6.3 preview: a user mapping to an employee removes the portal login of the contact holding it', async () => {
    const contact = await admin.api('POST', '/api/contacts', {
      accountId,
      firstName: 'Max',
      email: 'max.other@northwind.example',
      username: 'max.mustermann',
      portalRole: 'Portal User',
    });
    const max = dir.person('max.mustermann', [staff], { givenName: 'Max', surname: 'Mustermann' });
    const before = await snapshot(admin.db);
    const res = await preview(currentRules());
    const user = userIn(res.body.users, max.id);
    expect(user).toMatchObject({ outcome: 'changed', winningRuleId: staffRule.id });
    const removal = user?.ops.find((op) => op.type === 'removePortalLogin');
    expect(removal).toMatchObject({ record: { kind: 'contact', id: contact.body.id } });
    expect(removal?.reason).toContain('S6.3');
    expect(res.body.summary.accessChanged).toBeGreaterThanOrEqual(1);
    expect(await snapshot(admin.db)).toBe(before);
    expect((await admin.api('GET', `/api/contacts/${contact.body.id}`)).body).toMatchObject({
      portalAccess: true,
      username: 'max.mustermann',
    });

    await dir.sync(admin.db, connectionId, max.id);
    const explained = await admin.api('GET', `/api/explain?email=${max.email}`);
    expect(explained.body.directoryUsers[0]).toMatchObject({
      winner: staffRule.id,
      nextSync: { outcome: 'unchanged' },
    });
    expect(explained.body.records).toHaveLength(1);
    expect(explained.body.records[0]).toMatchObject({
      kind: 'employee',
      access: { login: { username: 'max.mustermann', role: 'Technician' } },
    });
    const removed = explained.body.audit.find((e: { action: string }) => e.action === 'removePortalLogin');
    expect(removed).toMatchObject({ recordKind: 'contact', recordId: contact.body.id, objectId: max.id });
    expect((await admin.api('GET', `/api/contacts/${contact.body.id}`)).body).toMatchObject({
      portalAccess: false,
      username: null,
    });
  });

  it('S5.3 preview without a rule: its users lose their access; unchanged users are not listed', async () => {
    const pat = (await admin.api('GET', '/api/contacts?email=pat.both@' + (await domain()))).body.items[0];
    const res = await preview([currentRules()[0]]);
    const user = userIn(res.body.users, pat.source.objectId);
    expect(user?.winningRuleId).toBe(staffRule.id);
    const same = await preview(currentRules());
    expect(userIn(same.body.users, pat.source.objectId)).toBeUndefined();
    expect(same.body.summary.unchanged).toBeGreaterThanOrEqual(1);
    const none = await preview([]);
    expect(userIn(none.body.users, pat.source.objectId)?.ops.some((op) => op.type === 'setAccess')).toBe(
      true,
    );
    expect(none.body.summary.accessChanged).toBeGreaterThanOrEqual(1);
  });

  it('preview validates like rule creation: 422 for a contact rule without account, a foreign rule id; 400 for a bad body', async () => {
    const noAccount = await preview([{ groupId: portal, order: 1, target: 'contact' }]);
    expect(noAccount.status).toBe(422);
    expect(noAccount.body.errors[0].field).toBe('body.rules.0.accountId');
    const foreign = await preview([{ id: 999999, groupId: staff, order: 1, target: 'employee' }]);
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors[0].field).toBe('body.rules.0.id');
    expect((await preview([{ groupId: staff }])).status).toBe(400);
    expect((await admin.api('POST', `/api/connections/${connectionId}/rules/preview`, {})).status).toBe(400);
  });

  it('explain: 404 for an e-mail nobody has, 400 without one', async () => {
    expect((await admin.api('GET', '/api/explain?email=nobody@nowhere.example')).status).toBe(404);
    expect((await admin.api('GET', '/api/explain')).status).toBe(400);
  });

  async function domain(): Promise<string> {
    const connection = (await admin.api('GET', `/api/connections/${connectionId}`)).body;
    return connection.tenant as string;
  }
});
