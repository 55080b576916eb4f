import { syncUser } from '@entra-sync/db';
import { createGraphClient, getObservation, resolveEndpoints } from '@entra-sync/graph';
import { startStack, type Stack } from './support/stack';

describe('entra-sync rule add|list and explain (S1, S7.4, S6.4)', () => {
  let stack: Stack;
  let connection: Awaited<ReturnType<Stack['connection']>>;
  let staff: string;
  let portal: string;
  let accountId: string;
  beforeAll(async () => {
    stack = await startStack('rules');
    await stack.defaults();
    connection = await stack.connection('Contoso');
    const dir = stack.directory(connection.tenant);
    staff = dir.group('Staff');
    portal = dir.group('Customer portal');
    accountId = (await stack.api('POST', '/api/accounts', { name: 'Northwind' })).id;
  });
  afterAll(async () => {
    await stack?.close();
  });

  /** what a worker does for one user: observe it through Graph, apply */
  async function syncOne(objectId: string) {
    const t = connection.tenant;
    const client = createGraphClient(
      {
        tenant: t.tenantId,
        clientId: t.clientId,
        credential: { kind: 'clientSecret', clientSecret: t.clientSecret },
      },
      resolveEndpoints({ graphEndpoint: stack.emulator.url, loginEndpoint: stack.emulator.url }),
    );
    await syncUser(stack.db, {
      connectionId: connection.id,
      observation: await getObservation(client, objectId),
      trigger: 'change',
    });
  }

  it('S1 rule add: an employee rule with modules, by connection name; the re-evaluating sync run is named', async () => {
    const res = await stack.cli([
      'rule',
      'add',
      'Contoso',
      '--group',
      staff,
      '--order',
      '20',
      '--target',
      'employee',
      '--security-role',
      'Manager',
      '--modules',
      'tickets,time',
      '--modules',
      'crm',
    ]);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^Rule \d+ added to Contoso\.\n/);
    expect(res.stdout).toContain(`20     ${staff}  employee  Manager, tickets,time,crm  no`);
    expect(res.stdout).toMatch(/Users are re-evaluated by sync run [0-9a-f-]{36}\.\n$/);
    const [rule] = (await stack.api('GET', `/api/connections/${connection.id}/rules`)).items;
    expect(rule).toMatchObject({
      groupId: staff,
      order: 20,
      securityRole: 'Manager',
      modules: ['tickets', 'time', 'crm'],
    });
  });

  it('S1 rule add --json: a contact rule with portal access, transitive, by connection id', async () => {
    const res = await stack.cli([
      'rule',
      'add',
      connection.id,
      '--group',
      portal,
      '--order',
      '10',
      '--target',
      'contact',
      '--account',
      accountId,
      '--portal-access',
      '--portal-role',
      'Portal User',
      '--transitive',
      '--json',
    ]);
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({
      groupId: portal,
      order: 10,
      target: 'contact',
      accountId,
      portalAccess: true,
      portalRole: 'Portal User',
      transitive: true,
      syncRunId: expect.any(String),
    });
  });

  it('S7.4 exit 1 when the group does not exist in the tenant; S0 exit 1 for a contact rule without account', async () => {
    const missing = await stack.cli([
      'rule',
      'add',
      'Contoso',
      '--group',
      '00000000-0000-4000-8000-00000000beef',
      '--order',
      '5',
      '--target',
      'employee',
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(
      "entra-sync: S7.4: group 00000000-0000-4000-8000-00000000beef does not exist in the connection's tenant.\n",
    );
    const noAccount = await stack.cli([
      'rule',
      'add',
      'Contoso',
      '--group',
      portal,
      '--order',
      '5',
      '--target',
      'contact',
      '--json',
    ]);
    expect(noAccount.code).toBe(1);
    expect(JSON.parse(noAccount.stdout)).toMatchObject({ status: 422 });
    expect(noAccount.stderr).toMatch(/^entra-sync: .*accountId.*\n$/);
  });

  it('S1.2 rule list: precedence order (lowest order first), table and --json', async () => {
    const res = await stack.cli(['rule', 'list', 'contoso']);
    expect(res.code).toBe(0);
    const lines = res.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID +ORDER +GROUP +TARGET +ACCESS +TRANSITIVE$/);
    expect(lines[1]).toMatch(
      new RegExp(`^\\d+ +10 +${portal} +contact +account ${accountId}, portal \\(Portal User\\) +yes$`),
    );
    expect(lines[2]).toMatch(new RegExp(`^\\d+ +20 +${staff} +employee`));
    const json = await stack.cli(['rule', 'list', 'Contoso', '--json']);
    expect(json.stderr).toBe('');
    expect((JSON.parse(json.stdout) as { order: number }[]).map((r) => r.order)).toEqual([10, 20]);
    const none = await stack.connection('Empty');
    expect(JSON.parse((await stack.cli(['rule', 'list', none.name, '--json'])).stdout)).toEqual([]);
  });

  it('S1.2 / S6.4 explain: the rules a user matches in precedence order, the winner, the record and the audit', async () => {
    const dir = stack.directory(connection.tenant);
    const jane = dir.person('jane.doe', [staff, portal]);
    await syncOne(jane.id);
    const res = await stack.cli(['explain', jane.email]);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain(`Why ${jane.email} has the record and access it has`);
    expect(res.stdout).toContain(`Directory user ${jane.email} in Contoso (object ${jane.id})`);
    expect(res.stdout).toMatch(
      new RegExp(`1\\. rule \\d+  order 10  contact  group ${portal} \\(direct\\)  ← wins`),
    );
    expect(res.stdout).toMatch(
      new RegExp(`2\\. rule \\d+  order 20  employee  group ${staff} \\(direct\\)\\n`),
    );
    expect(res.stdout).toContain('next sync: unchanged');
    expect(res.stdout).toMatch(
      /contact [0-9a-f-]{36} \(active, synced\): portal access, login jane\.doe enabled/,
    );
    expect(res.stdout).toContain('Last audit entries (newest first)');

    const json = await stack.cli(['explain', jane.email.toUpperCase(), '--json']);
    expect(json.code).toBe(0);
    const body = JSON.parse(json.stdout);
    expect(
      body.directoryUsers[0].matchingRules.map((r: { order: number; wins: boolean }) => [r.order, r.wins]),
    ).toEqual([
      [10, true],
      [20, false],
    ]);
    expect(body.records[0]).toMatchObject({ kind: 'contact' });
  });

  it('explain exits 1 for an e-mail nobody has', async () => {
    const res = await stack.cli(['explain', 'nobody@example.com']);
    expect(res.code).toBe(1);
    expect(res.stderr).toBe(
      'entra-sync: Nobody with the e-mail nobody@example.com in the directory mirror or the records.\n',
    );
  });
});
