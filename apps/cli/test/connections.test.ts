import { randomBytes } from 'node:crypto';
import { startStack, type Stack } from './support/stack';

describe('entra-sync connection add|list|test (S7)', () => {
  let stack: Stack;
  const secrets: string[] = [];
  beforeAll(async () => {
    stack = await startStack('connections');
  });
  afterAll(async () => {
    // S7.1: no secret in anything the CLI printed (checked per test) nor in the API's logs
    for (const secret of secrets) expect(stack.logs.filter((line) => line.includes(secret))).toEqual([]);
    await stack?.close();
  });

  const tenant = () => {
    const t = stack.tenant();
    secrets.push(t.clientSecret);
    return t;
  };
  const addArgs = (name: string, t: { domain: string; clientId: string }) => [
    'connection',
    'add',
    '--name',
    name,
    '--tenant',
    t.domain,
    '--client-id',
    t.clientId,
  ];

  it('S7 connection add reads the secret from stdin, prints the connection and never the secret', async () => {
    const t = tenant();
    const res = await stack.cli([...addArgs('Contoso', t), '--client-secret-stdin'], {
      input: `${t.clientSecret}\n`,
    });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Connection added; the credentials work.');
    expect(res.stdout).toMatch(/name: +Contoso\n/);
    expect(res.stdout).toContain(`tenant id:   ${t.tenantId}`);
    expect(res.stdout).toMatch(/status: +connected/);
    expect(res.stdout + res.stderr).not.toContain(t.clientSecret);
    const listed = await stack.api('GET', '/api/connections');
    expect(listed.items.map((c: { name: string }) => c.name)).toContain('Contoso');
  });

  it('S7 connection add --json answers the resource; --client-secret works but warns on stderr', async () => {
    const t = tenant();
    const res = await stack.cli([...addArgs('Fabrikam', t), '--client-secret', t.clientSecret, '--json']);
    expect(res.code).toBe(0);
    const body = JSON.parse(res.stdout);
    expect(body).toMatchObject({
      name: 'Fabrikam',
      tenantId: t.tenantId,
      clientId: t.clientId,
      status: 'connected',
    });
    expect(res.stderr).toBe(
      'entra-sync: warning: --client-secret leaves the secret in shell history and the process list; prefer --client-secret-stdin or the prompt\n',
    );
    expect(res.stdout + res.stderr).not.toContain(t.clientSecret);
  });

  it('S7.1 the prompt does not echo the secret on a terminal', async () => {
    const t = tenant();
    const run = stack.start(addArgs('Prompted', t), { tty: true });
    await run.waitFor('Client secret: ');
    run.write(`${t.clientSecret}\r`);
    const res = await run.done;
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Connection added; the credentials work.');
    expect(res.stdout + res.stderr).not.toContain(t.clientSecret);
    expect((await stack.api('GET', '/api/connections')).items.map((c: { name: string }) => c.name)).toContain(
      'Prompted',
    );
  });

  it('exit 2 without a terminal and without --client-secret-stdin, and for an empty secret', async () => {
    const t = tenant();
    const noTty = await stack.cli(addArgs('No prompt', t), { input: t.clientSecret });
    expect(noTty.code).toBe(2);
    expect(noTty.stderr).toBe(
      'entra-sync: no terminal to prompt for the client secret: pipe it in with --client-secret-stdin\n',
    );
    const empty = await stack.cli([...addArgs('Empty', t), '--client-secret-stdin'], { input: '\n' });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe('entra-sync: the client secret from stdin is empty\n');
  });

  it("S7 exit 1 with Entra's exact error for a wrong secret, which is never printed; --json gives the problem", async () => {
    const t = tenant();
    const wrong = `wrong-${randomBytes(8).toString('hex')}`;
    secrets.push(wrong);
    const res = await stack.cli([...addArgs('Wrong', t), '--client-secret-stdin'], { input: wrong });
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(
      /^entra-sync: Entra ID \/ Graph rejected the credentials: .*AADSTS7000215.*\n$/,
    );
    expect(res.stderr.split('\n')).toHaveLength(2);
    expect(res.stderr).not.toContain(wrong);
    const json = await stack.cli([...addArgs('Wrong', t), '--client-secret-stdin', '--json'], {
      input: wrong,
    });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ status: 422, code: 'AADSTS7000215' });
    expect(json.stdout + json.stderr).not.toContain(wrong);
  });

  it('connection list: a table, and --json with every connection (nothing else on stdout)', async () => {
    const res = await stack.cli(['connection', 'list']);
    expect(res.code).toBe(0);
    const [header, ...rows] = res.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ID +NAME +TENANT +STATUS +STAFF +LAST SYNC +NEXT RETRY +LAST ERROR$/);
    expect(rows.some((row) => /Contoso +\S+ +connected +no +- +- +-$/.test(row))).toBe(true);
    const json = await stack.cli(['connection', 'list', '--json']);
    expect(json.code).toBe(0);
    expect(json.stderr).toBe('');
    const items = JSON.parse(json.stdout) as { name: string; status: string }[];
    expect(items.map((c) => c.name).sort()).toEqual(['Contoso', 'Fabrikam', 'Prompted']);
    for (const secret of secrets) expect(res.stdout + json.stdout).not.toContain(secret);
  });

  it('S7.3 connection test by name (any case) or id; a revoked secret fails with exit 1 and marks it failing', async () => {
    const { id, name, tenant: t } = await stack.connection('Northwind');
    secrets.push(t.clientSecret);
    const ok = await stack.cli(['connection', 'test', 'northwind']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(
      new RegExp(`^ok: ${name} reaches tenant .+ \\(${t.tenantId}\\); status connected\n$`),
    );
    const byId = await stack.cli(['connection', 'test', id, '--json']);
    expect(byId.code).toBe(0);
    expect(JSON.parse(byId.stdout)).toMatchObject({ ok: true, organization: { tenantId: t.tenantId } });

    stack.emulator.state.invalidateSecret(t.clientId);
    const failed = await stack.cli(['connection', 'test', 'Northwind']);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^entra-sync: .*AADSTS7000215.*\n$/);
    const list = JSON.parse((await stack.cli(['connection', 'list', '--json'])).stdout) as {
      name: string;
      status: string;
      lastError: string;
    }[];
    expect(list.find((c) => c.name === 'Northwind')).toMatchObject({ status: 'failing' });
    const table = await stack.cli(['connection', 'list']);
    expect(table.stdout).toMatch(/Northwind .* failing .*AADSTS7000215/);
  });

  it('exit 1 for a connection that is neither an id nor a name', async () => {
    for (const ref of ['Nobody', '3f1b0c1e-0000-4000-8000-000000000000']) {
      const res = await stack.cli(['connection', 'test', ref]);
      expect(res.code).toBe(1);
      expect(res.stderr).toBe(
        `entra-sync: no connection with the id or name '${ref}' (see entra-sync connection list)\n`,
      );
    }
  });

  it('S3.4 connection add --staff-tenant marks the staff tenant; connection set marks and unmarks it', async () => {
    const t = tenant();
    const added = await stack.cli([...addArgs('Our staff', t), '--client-secret-stdin', '--staff-tenant'], {
      input: `${t.clientSecret}\n`,
    });
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(/staff tenant: +yes/);
    const customer = await stack.connection('Customer S34', false);

    const marked = await stack.cli(['connection', 'set', 'Customer S34', '--staff-tenant', '--json']);
    expect(marked.code).toBe(0);
    expect(JSON.parse(marked.stdout)).toMatchObject({ id: customer.id, staffTenant: true });
    const unmarked = await stack.cli(['connection', 'set', customer.id, '--no-staff-tenant']);
    expect(unmarked.code).toBe(0);
    expect(unmarked.stdout).toMatch(/staff tenant: +no \(customer tenant\)/);

    const list = await stack.cli(['connection', 'list']);
    expect(list.stdout).toMatch(/Our staff .*connected +yes/);
    expect(list.stdout).toMatch(/Customer S34 .*connected +no/);
  });

  it('S3.4 connection set without a mark is a usage error (exit 2, one line); unmarking with employee rules fails (exit 1)', async () => {
    const neither = await stack.cli(['connection', 'set', 'Our staff']);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toBe('entra-sync: say --staff-tenant or --no-staff-tenant\n');

    const staff = await stack.connection('Staff with rules');
    const group = stack.emulator.state.requireTenant(staff.tenant.tenantId).directory.createGroup({
      displayName: 'Staff',
    }).id;
    await stack.api('POST', `/api/connections/${staff.id}/rules`, {
      groupId: group,
      order: 1,
      target: 'employee',
    });
    const refused = await stack.cli(['connection', 'set', 'Staff with rules', '--no-staff-tenant']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('employee rules');
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
  });
});
