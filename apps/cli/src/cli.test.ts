import { Readable, Writable } from 'node:stream';
import { run } from './cli';
import type { CommandContext, CommandSpec } from './command';
import { commands } from './commands';
import { CliError, ExitCode } from './exit-codes';
import type { Io } from './io';

// The commander wiring with every real command's arguments and options; each command's own work is replaced by a
// recorder, so these tests need no API.

const sink = () => {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
};

async function cli(argv: string[], outcome: (ctx: CommandContext) => Promise<ExitCode> = async () => 0) {
  const stdout = sink();
  const stderr = sink();
  const io: Io = {
    stdout: stdout.stream,
    stderr: stderr.stream,
    stdin: Readable.from([]),
    env: {},
    stderrIsTty: false,
    stdinIsTty: false,
  };
  const ran: { name: string; ctx: CommandContext }[] = [];
  const specs: CommandSpec[] = commands.map((spec) => ({
    ...spec,
    run: (ctx) => {
      ran.push({ name: spec.name, ctx });
      return outcome(ctx);
    },
  }));
  const code = await run(argv, io, { specs, version: 'entra-sync 1.2.3' });
  return { code, stdout: stdout.text(), stderr: stderr.text(), ran };
}

describe('entra-sync on commander', () => {
  it('takes the global options anywhere on the line and hands each command its own', async () => {
    const list = await cli(['--url', 'http://x', 'connection', '--json', 'list']);
    expect(list.ran.map((r) => r.name)).toEqual(['connection list']);
    expect(list.ran[0]?.ctx.json).toBe(true);
    expect(list.ran[0]?.ctx.api().baseUrl).toBe('http://x');

    const sync = await cli(['sync', 'Contoso', '--detach', '--interval', '0.5']);
    expect(sync.ran[0]).toMatchObject({
      name: 'sync',
      ctx: { args: ['Contoso'], options: { detach: true, interval: 0.5 }, json: false },
    });
    // a value of --token is not a command word
    const explain = await cli(['--token', 'status', 'explain', ' a@b.c ']);
    expect(explain.ran[0]).toMatchObject({ name: 'explain', ctx: { args: ['a@b.c'] } });
    // a value that starts with '-' is still the value (random secrets and tokens do)
    const add = await cli(['connection', 'add', '--name', 'N', '--tenant', 't', '--client-id', 'c']);
    expect(add.ran[0]?.ctx.options).toEqual({ name: 'N', tenant: 't', clientId: 'c' });
    const secret = await cli([
      'connection',
      'add',
      '--name',
      'N',
      '--tenant',
      't',
      '--client-id',
      'c',
      '--client-secret',
      '-s3cr3t',
    ]);
    expect(secret.ran[0]?.ctx.options).toMatchObject({ clientSecret: '-s3cr3t' });
    const rule = await cli([
      'rule',
      'add',
      'X',
      '--group',
      'g',
      '--order',
      '-5',
      '--target',
      'contact',
      '--modules',
      'a,b',
      '--modules',
      ' c ',
    ]);
    expect(rule.ran[0]?.ctx.options).toEqual({
      group: 'g',
      order: -5,
      target: 'contact',
      modules: ['a', 'b', 'c'],
    });
  });

  it('returns the exit code of the command, and reports its CliError as one line', async () => {
    expect((await cli(['status'], async () => ExitCode.failure)).code).toBe(1);
    const failed = await cli(['status'], async () => {
      throw new CliError(ExitCode.unreachable, 'cannot reach the API at http://x: ECONNREFUSED');
    });
    expect(failed).toMatchObject({
      code: 3,
      stdout: '',
      stderr: 'entra-sync: cannot reach the API at http://x: ECONNREFUSED\n',
    });
  });

  it('answers help for the tool, a group, a command and `help <command>`, and --version', async () => {
    const tool = await cli(['--help']);
    expect(tool).toMatchObject({ code: 0, stderr: '', ran: [] });
    expect(tool.stdout).toMatch(/^Usage: entra-sync <command> \[arguments\] \[options\]\n/);
    expect(tool.stdout).toContain('  dlq retry <id> | --all  ');
    expect((await cli(['help'])).stdout).toBe(tool.stdout);
    const group = await cli(['dlq', '-h']);
    expect(group.stdout).toContain('Usage: entra-sync dlq <list|retry|discard> [options]');
    const command = await cli(['rule', 'add', '--help']);
    expect(command.stdout).toContain('Usage: entra-sync rule add <connection> [options]');
    expect((await cli(['help', 'rule', 'add'])).stdout).toBe(command.stdout);
    expect(await cli(['--version'])).toMatchObject({ code: 0, stdout: 'entra-sync 1.2.3\n', ran: [] });
  });

  it.each([
    [[], 'missing command (see entra-sync --help)'],
    [['nope'], "unknown command 'nope' (see entra-sync --help)"],
    [['rule'], 'rule needs a subcommand: add, list (see entra-sync rule --help)'],
    [['rule', 'remove'], "unknown command 'rule remove'; rule has add, list (see entra-sync rule --help)"],
    [['help', 'rule', 'remove'], "unknown command 'rule remove' (see entra-sync --help)"],
    [['status', '--jsno'], "unknown option '--jsno' (Did you mean --json?) (see entra-sync status --help)"],
    [['--url'], "option '--url <url>' argument missing (see entra-sync --help)"],
    [['sync'], "missing required argument 'connection' (see entra-sync sync --help)"],
    [
      ['status', 'now'],
      "too many arguments for 'status'. Expected 0 arguments but got 1. (see entra-sync status --help)",
    ],
    [
      ['dlq', 'list', '--limit', 'all'],
      "option '--limit <n>' argument 'all' is invalid. It must be a whole number. (see entra-sync dlq list --help)",
    ],
  ])('usage error %j: exit 2, one stderr line, nothing run', async (argv, message) => {
    expect(await cli(argv)).toEqual({ code: 2, stdout: '', stderr: `entra-sync: ${message}\n`, ran: [] });
  });
});
