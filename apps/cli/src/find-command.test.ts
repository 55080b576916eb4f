import { commands } from './commands';
import { CliError } from './exit-codes';
import { findCommand } from './find-command';

const find = (argv: string[]) => findCommand(argv, commands);

describe('findCommand', () => {
  it('takes the command words among the arguments and leaves the rest to parseArgs', () => {
    const found = find(['--url', 'http://x', 'connection', '--json', 'list']);
    expect(found).toMatchObject({
      kind: 'command',
      spec: { name: 'connection list' },
      rest: ['--url', 'http://x', '--json'],
    });
    expect(find(['sync', 'Contoso', '--detach'])).toMatchObject({
      spec: { name: 'sync' },
      rest: ['Contoso', '--detach'],
    });
    // a value of --token is not a command word
    expect(find(['--token', 'status', 'explain', 'a@b.c'])).toMatchObject({
      spec: { name: 'explain' },
      rest: ['--token', 'status', 'a@b.c'],
    });
  });

  it('answers help for the tool, a group and `help <command>`', () => {
    expect(find(['--help'])).toMatchObject({ kind: 'help' });
    expect(find(['dlq', '-h'])).toMatchObject({
      kind: 'help',
      text: expect.stringContaining('entra-sync dlq <list|retry|discard>'),
    });
    expect(find(['help', 'rule', 'add'])).toMatchObject({
      kind: 'command',
      spec: { name: 'rule add' },
      rest: ['--help'],
    });
    expect(find(['--version'])).toEqual({ kind: 'version' });
  });

  it('usage errors (exit 2) for a missing or unknown command', () => {
    for (const argv of [[], ['nope'], ['rule'], ['rule', 'remove']]) {
      expect(() => find(argv)).toThrow(CliError);
      try {
        find(argv);
      } catch (err) {
        expect((err as CliError).code).toBe(2);
      }
    }
  });
});
