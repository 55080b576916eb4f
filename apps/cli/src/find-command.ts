import type { CommandSpec } from './command';
import { usageError } from './exit-codes';
import { VALUE_OPTIONS } from './global-options';
import { groupHelp, toolHelp } from './help';

export type Found =
  | { kind: 'command'; spec: CommandSpec; rest: string[] }
  | { kind: 'help'; text: string }
  | { kind: 'version' };

/**
 * The command words come first among the non-option arguments (`entra-sync --json connection list`); everything
 * else — options and the command's own arguments — is left for parseArgs.
 */
export function findCommand(argv: readonly string[], commands: readonly CommandSpec[]): Found {
  const words: number[] = [];
  for (let i = 0; i < argv.length && words.length < 2; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--') break;
    if (arg.startsWith('-')) {
      if (VALUE_OPTIONS.has(arg)) i += 1;
      continue;
    }
    words.push(i);
  }
  const wantsHelp = argv.some((a) => a === '--help' || a === '-h');
  const first = words[0] === undefined ? undefined : argv[words[0]];
  if (first === undefined) {
    if (wantsHelp) return { kind: 'help', text: toolHelp(commands) };
    if (argv.includes('--version')) return { kind: 'version' };
    throw usageError('missing command (see entra-sync --help)');
  }
  if (first === 'help') {
    const topic = argv.filter((_, i) => i !== words[0]);
    return topic.length === 0
      ? { kind: 'help', text: toolHelp(commands) }
      : findCommand([...topic, '--help'], commands);
  }
  const single = commands.find((c) => c.name === first);
  if (single) return { kind: 'command', spec: single, rest: argv.filter((_, i) => i !== words[0]) };
  const group = commands.filter((c) => c.name.startsWith(`${first} `));
  if (group.length === 0) throw usageError(`unknown command '${first}' (see entra-sync --help)`);
  const second = words[1] === undefined ? undefined : argv[words[1]];
  const sub = group.find((c) => c.name === `${first} ${second}`);
  if (sub)
    return { kind: 'command', spec: sub, rest: argv.filter((_, i) => i !== words[0] && i !== words[1]) };
  if (second === undefined && wantsHelp) return { kind: 'help', text: groupHelp(first, group) };
  const names = group.map((c) => c.name.split(' ')[1]).join(', ');
  throw usageError(
    second === undefined
      ? `${first} needs a subcommand: ${names} (see entra-sync ${first} --help)`
      : `unknown command '${first} ${second}'; ${first} has ${names} (see entra-sync ${first} --help)`,
  );
}
