import { type Argument, Command, Help, Option } from 'commander';
import { ApiClient, oneLine } from './api-client';
import type { CommandSpec } from './command';
import { apiConfig } from './config';
import { type ExitCode, usageError } from './exit-codes';
import { leafHelpEnd, TOOL, toolHelpEnd } from './help-text';
import type { Io } from './io';
import { createOutput } from './output/output';

/** Options every command takes; commander reads them anywhere on the line (`entra-sync --json connection list`). */
const globalOptions = (): Option[] => [
  new Option(
    '--url <url>',
    'admin API base URL (env ENTRA_SYNC_URL; default http://127.0.0.1:$PORT, PORT 3000)',
  ),
  new Option(
    '--token <token>',
    'admin token (env ADMIN_TOKEN, preferred: argv shows in history and the process list)',
  ),
  new Option('--json', 'machine-readable JSON on stdout, nothing else there'),
];

/** The commander program for these commands: groups from shared first words, one-line usage errors (exit 2). */
export function buildProgram(
  io: Io,
  specs: readonly CommandSpec[],
  version: string,
  done: (code: ExitCode) => void,
): Command {
  const terms = new Map<Command, string>();
  const leaves: Command[] = [];
  const program: Command = new Command(TOOL)
    .usage('<command> [arguments] [options]')
    .description(
      'The operator CLI of entra-sync: the admin API from a terminal. ' +
        `Run ${TOOL} <command> --help for a command's options and examples.`,
    )
    .helpOption('-h, --help', 'help for the tool or a command')
    .helpCommand(false)
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => void io.stderr.write(text),
      // usage errors are reported once, as one line, by the caller (exitOverride below)
      outputError: () => undefined,
    })
    .configureHelp({
      showGlobalOptions: true,
      // the tool's help lists every command with its arguments, groups flattened (`connection add`, …)
      visibleCommands(this: Help, cmd: Command): Command[] {
        return cmd.parent === null ? leaves : Help.prototype.visibleCommands.call(this, cmd);
      },
      subcommandTerm: (cmd) => terms.get(cmd) ?? cmd.name(),
    });
  for (const option of globalOptions()) program.addOption(option);
  program.version(version, '--version', 'print the version');
  program
    .argument('[command]')
    .allowExcessArguments()
    .action((name?: string) => {
      throw usageError(
        name === undefined
          ? `missing command (see ${TOOL} --help)`
          : `unknown command '${name}' (see ${TOOL} --help)`,
      );
    })
    .addHelpText('after', toolHelpEnd());
  usageErrors(program, '');

  const groups = new Map<string, Command>();
  for (const spec of specs) {
    const [first = spec.name, second] = spec.name.split(' ');
    let parent = program;
    if (second !== undefined) {
      parent = groups.get(first) ?? addGroup(program, first, specs);
      groups.set(first, parent);
    }
    const leaf = addLeaf(parent, second ?? first, spec, io, done);
    terms.set(leaf, usageOf(spec, leaf));
    leaves.push(leaf);
  }
  addHelpCommand(program);
  return program;
}

function addGroup(program: Command, name: string, specs: readonly CommandSpec[]): Command {
  const subs = specs.filter((s) => s.name.startsWith(`${name} `)).map((s) => s.name.split(' ')[1] ?? '');
  const group = program
    .command(name)
    .usage(`<${subs.join('|')}> [options]`)
    .argument('[command]')
    .allowExcessArguments()
    .action((sub?: string) => {
      throw usageError(
        sub === undefined
          ? `${name} needs a subcommand: ${subs.join(', ')} (see ${TOOL} ${name} --help)`
          : `unknown command '${name} ${sub}'; ${name} has ${subs.join(', ')} (see ${TOOL} ${name} --help)`,
      );
    })
    .addHelpText('after', `\nRun ${TOOL} ${name} <subcommand> --help for options and examples.`);
  usageErrors(group, name);
  return group;
}

function addLeaf(
  parent: Command,
  name: string,
  spec: CommandSpec,
  io: Io,
  done: (code: ExitCode) => void,
): Command {
  // the root and the groups take any word (to name it in their error); a command takes only its arguments
  const leaf = parent.command(name).allowExcessArguments(false).summary(spec.summary);
  leaf.description(spec.description ? `${spec.summary}\n\n${spec.description}` : spec.summary);
  for (const argument of spec.arguments ?? []) leaf.addArgument(argument);
  for (const option of spec.options ?? []) leaf.addOption(option);
  leaf.usage(`${argsOf(spec, leaf)}[options]`);
  leaf.addHelpText('after', leafHelpEnd(spec));
  usageErrors(leaf, spec.name);
  leaf.action(async () => {
    const globals = leaf.optsWithGlobals();
    let client: ApiClient | undefined;
    const api = () =>
      (client ??= new ApiClient(
        apiConfig(
          { url: globals.url as string | undefined, token: globals.token as string | undefined },
          io.env,
        ),
      ));
    done(
      await spec.run({
        io,
        out: createOutput(io.stdout, io.stderr),
        options: leaf.opts(),
        args: leaf.processedArgs,
        json: globals.json === true,
        api,
      }),
    );
  });
  return leaf;
}

/** `entra-sync help [command…]`: the same text as `--help`, also for a subcommand (`help rule add`). */
function addHelpCommand(program: Command): void {
  const help = program.command('help [command...]', { hidden: true });
  usageErrors(help, 'help');
  help.action((words: string[]) => {
    let target = program;
    for (const word of words) {
      const next = target.commands.find((c) => c.name() === word);
      if (!next) throw usageError(`unknown command '${words.join(' ')}' (see ${TOOL} --help)`);
      target = next;
    }
    target.help();
  });
}

/** commander's own errors (unknown option, missing argument, bad value…) as one line, exit 2. */
function usageErrors(cmd: Command, path: string): void {
  cmd.exitOverride((err) => {
    if (err.exitCode === 0) throw err;
    const message = oneLine(err.message.replace(/^error: /, ''));
    throw usageError(`${message} (see ${TOOL}${path ? ` ${path}` : ''} --help)`);
  });
}

const argsOf = (spec: CommandSpec, cmd: Command): string => {
  const args = spec.usage ?? cmd.registeredArguments.map(argumentTerm).join(' ');
  return args ? `${args} ` : '';
};

/** `connection test <connection>`: the command as lists show it. */
const usageOf = (spec: CommandSpec, cmd: Command): string => `${spec.name} ${argsOf(spec, cmd)}`.trimEnd();

const argumentTerm = (arg: Argument): string => {
  const name = `${arg.name()}${arg.variadic ? '...' : ''}`;
  return arg.required ? `<${name}>` : `[${name}]`;
};
