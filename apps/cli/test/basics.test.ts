import { commands } from '../src/commands';
import { runCli } from './support/run-cli';
import { closedPort } from './support/closed-port';
import { startStack, type Stack } from './support/stack';

describe('entra-sync: help, usage errors and exit codes', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack('basics');
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('--help lists every CONTRACT command, the exit codes and examples', async () => {
    const res = await runCli(['--help'], {});
    expect(res.code).toBe(0);
    expect(res.stderr).toBe('');
    for (const name of [
      'migrate',
      'connection add',
      'connection list',
      'connection test <connection>',
      'rule add <connection>',
      'rule list <connection>',
      'sync <connection>',
      'dlq list',
      'dlq retry <id> | --all',
      'dlq discard <id>',
      'status',
      'explain <email>',
      'keys rotate',
    ])
      expect(res.stdout).toContain(`  ${name} `);
    expect(res.stdout).toMatch(
      /Exit codes:\n\s+0 +ok\n\s+1 +failure reported by the API[^\n]*\n\s+2 +usage error[^\n]*\n\s+3 +cannot reach the API[^\n]*\n\s+4 +unauthorized/,
    );
    expect(res.stdout).toContain('Examples:\n  export ENTRA_SYNC_URL=');
    expect((await runCli(['help'], {})).stdout).toBe(res.stdout);
  });

  it('every command has --help with usage, options, exit codes and examples', async () => {
    for (const spec of commands) {
      const res = await runCli([...spec.name.split(' '), '--help'], {});
      expect(res.code).toBe(0);
      expect(res.stdout).toContain(`Usage: entra-sync ${spec.name}`);
      expect(res.stdout).toContain(
        'Exit codes: 0 ok, 1 failure reported by the API, 2 usage error, 3 cannot reach the API',
      );
      expect(res.stdout).toMatch(new RegExp(`Examples:\\n  entra-sync ${spec.name}|Examples:\\n  [A-Z_]+=`));
      for (const option of spec.options ?? []) expect(res.stdout).toContain(option.flags);
    }
    const viaHelp = await runCli(['help', 'connection', 'add'], {});
    expect(viaHelp.stdout).toContain('Usage: entra-sync connection add');
    const group = await runCli(['dlq', '--help'], {});
    expect(group.code).toBe(0);
    expect(group.stdout).toContain('Usage: entra-sync dlq <list|retry|discard>');
    // one CLI process per command (tsx start-up each): the budget grows with the command list, not a timing claim
  }, 120_000);

  it.each([
    [[], 'missing command'],
    [['frobnicate'], "unknown command 'frobnicate'"],
    [['connection'], 'connection needs a subcommand: add, list, set, test'],
    [['connection', 'remove'], "unknown command 'connection remove'"],
    [['status', '--bogus'], "unknown option '--bogus' (see entra-sync status --help)"],
    [['sync'], "missing required argument 'connection' (see entra-sync sync --help)"],
    [['explain', 'a@b.c', 'extra'], "too many arguments for 'explain'. Expected 1 argument but got 2."],
    [
      ['explain', 'not-an-email'],
      "value 'not-an-email' is invalid for argument 'email'. It must be an e-mail address.",
    ],
    [
      ['rule', 'add', 'X', '--group', 'g', '--order', 'ten', '--target', 'employee'],
      "option '--order <n>' argument 'ten' is invalid. It must be an integer.",
    ],
    [
      ['rule', 'add', 'X', '--group', 'g', '--order', '1', '--target', 'robot'],
      "argument 'robot' is invalid. Allowed choices are employee, contact.",
    ],
    [
      ['rule', 'add', 'X', '--group', ' ', '--order', '1', '--target', 'contact'],
      "argument ' ' is invalid. It must not be empty.",
    ],
    [['dlq', 'retry'], 'dlq retry takes a dead-letter id or --all'],
    [['dlq', 'retry', 'x~1', '--all'], 'dlq retry takes a dead-letter id or --all'],
    [['sync', 'X', '--interval', 'soon'], "option '--interval <seconds>' argument 'soon' is invalid"],
    [['status', '--url', 'ftp://example.com'], "--url must be an http(s) URL, got 'ftp://example.com'"],
    [
      ['connection', 'add', '--name', 'N', '--tenant', 't'],
      "required option '--client-id <id>' not specified",
    ],
  ])('exit 2 and one stderr line for a usage error: %j', async (args, message) => {
    const res = await stack.cli(args);
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(/^entra-sync: /);
    expect(res.stderr).toContain(message);
    expect(res.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('exit 3 when the API cannot be reached, naming the URL (--url and ENTRA_SYNC_URL)', async () => {
    const port = await closedPort();
    const res = await stack.cli(['status'], { env: { ENTRA_SYNC_URL: `http://127.0.0.1:${port}` } });
    expect(res.code).toBe(3);
    expect(res.stderr).toBe(
      `entra-sync: cannot reach the API at http://127.0.0.1:${port}: ECONNREFUSED (set --url or ENTRA_SYNC_URL)\n`,
    );
    const flag = await stack.cli(['connection', 'list', '--url', `http://127.0.0.1:${port}/api/`]);
    expect(flag.code).toBe(3);
    expect(flag.stderr).toContain(`http://127.0.0.1:${port}:`);
    // PORT picks the default URL
    const byPort = await runCli(['status'], { ADMIN_TOKEN: stack.token, PORT: String(port) });
    expect(byPort.code).toBe(3);
    expect(byPort.stderr).toContain(`http://127.0.0.1:${port}`);
  });

  it('exit 4 for a wrong or missing admin token; --token overrides ADMIN_TOKEN', async () => {
    const wrong = await stack.cli(['connection', 'list'], { env: { ADMIN_TOKEN: 'not-the-admin-token' } });
    expect(wrong.code).toBe(4);
    expect(wrong.stderr).toBe(
      'entra-sync: The bearer token is not the admin token. (check --token or ADMIN_TOKEN)\n',
    );
    expect(wrong.stdout).toBe('');
    const missing = await stack.cli(['status'], { env: { ADMIN_TOKEN: undefined } });
    expect(missing.code).toBe(4);
    expect(missing.stderr).toBe('entra-sync: no admin token: set ADMIN_TOKEN (or pass --token)\n');
    const json = await stack.cli(['status', '--json'], { env: { ADMIN_TOKEN: 'not-the-admin-token' } });
    expect(json.code).toBe(4);
    expect(JSON.parse(json.stdout)).toMatchObject({
      status: 401,
      type: 'urn:entra-sync:problem:unauthorized',
    });
    // `--token=…` and `--token …` alike, also when the random base64url token starts with '-' (once in 64 runs)
    for (const token of [[`--token=${stack.token}`], ['--token', stack.token]]) {
      const flag = await stack.cli(['connection', 'list', '--json', ...token], {
        env: { ADMIN_TOKEN: 'not-the-admin-token' },
      });
      expect({ code: flag.code, stderr: flag.stderr }).toEqual({ code: 0, stderr: '' });
      expect(JSON.parse(flag.stdout)).toEqual([]);
    }
  });

  it('exit 1 with the problem detail when the API reports a failure', async () => {
    const res = await stack.cli(['dlq', 'discard', 'user-sync~nothing-here']);
    expect(res.code).toBe(1);
    expect(res.stderr).toBe('entra-sync: No dead letter with id user-sync~nothing-here.\n');
    const json = await stack.cli(['dlq', 'discard', 'user-sync~nothing-here', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ status: 404, type: 'urn:entra-sync:problem:not-found' });
  });

  it('sync --timeout stops following a run no worker takes: exit 1, the run goes on', async () => {
    const { name } = await stack.connection('Idle');
    const res = await stack.cli(['sync', name, '--timeout', '1', '--interval', '0.3']);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(
      /^sync Idle: queued, waiting for a worker\nentra-sync: sync run ([0-9a-f-]{36}) is still queued after [\d.]+ s; it continues on the server \(GET \/api\/sync-runs\/\1\)\n$/,
    );
  });

  it('--version prints the package version', async () => {
    const res = await runCli(['--version'], {});
    expect(res).toEqual({ code: 0, stdout: 'entra-sync 0.1.0\n', stderr: '' });
  });
});
