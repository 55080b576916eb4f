import type { CommandSpec, OptionSpec } from './command';
import { globalOptions } from './global-options';

export const EXIT_CODES = [
  ['0', 'ok'],
  [
    '1',
    'failure reported by the API (problem+json detail on stderr), or a sync run failed or stopped for S8 confirmation',
  ],
  ['2', "usage error: unknown command or option, missing or malformed argument (or the API's 400)"],
  ['3', 'cannot reach the API (or the database, for migrate)'],
  ['4', 'unauthorized: missing or wrong admin token'],
  ['130', 'interrupted (Ctrl-C at the secret prompt or while following a sync)'],
] as const;

const pad = (rows: readonly (readonly [string, string])[], indent = 2) => {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `${' '.repeat(indent)}${left.padEnd(width)}  ${right}`).join('\n');
};

const optionRows = (options: Record<string, OptionSpec>) =>
  Object.entries(options).map(
    ([name, o]) =>
      [`${o.short ? `-${o.short}, ` : ''}--${name}${o.value ? ` ${o.value}` : ''}`, o.description] as const,
  );

export const usageOf = (c: CommandSpec) => `entra-sync ${c.name}${c.args ? ` ${c.args}` : ''}`;

export function toolHelp(commands: readonly CommandSpec[]): string {
  return [
    'entra-sync — the operator CLI of entra-sync: the admin API from a terminal.',
    '',
    'Usage: entra-sync <command> [arguments] [options]',
    '       entra-sync <command> --help',
    '',
    'Commands:',
    pad(commands.map((c) => [usageOf(c).replace('entra-sync ', ''), c.summary] as const)),
    '',
    '<connection> is a connection id or its name (any case).',
    '',
    'Global options:',
    pad([...optionRows(globalOptions), ['--version', 'print the version']]),
    '',
    'Exit codes:',
    pad(EXIT_CODES),
    '',
    'Examples:',
    '  export ENTRA_SYNC_URL=http://127.0.0.1:3000 ADMIN_TOKEN=…   # npm start prints the token',
    '  entra-sync status',
    '  entra-sync connection add --name Contoso --tenant contoso.onmicrosoft.com --client-id <app id>',
    '  entra-sync rule add Contoso --group <group id> --order 10 --target employee',
    '  entra-sync sync Contoso',
    '  entra-sync explain jane.doe@contoso.com',
    '  entra-sync dlq retry --all',
    '',
  ].join('\n');
}

export function commandHelp(c: CommandSpec): string {
  const options = optionRows(c.options);
  return [
    `${usageOf(c)} — ${c.summary}`,
    '',
    `Usage: ${usageOf(c)}${options.length > 0 ? ' [options]' : ''}`,
    ...(c.description ? ['', ...c.description] : []),
    ...(options.length > 0 ? ['', 'Options:', pad(options)] : []),
    '',
    'Global options:',
    pad(optionRows(globalOptions)),
    '',
    `Exit codes: ${EXIT_CODES.map(([code, text]) => `${code} ${text.split(/[:(,]/)[0]?.trim()}`).join(', ')} (see entra-sync --help)`,
    '',
    'Examples:',
    ...c.examples.map((e) => `  ${e}`),
    '',
  ].join('\n');
}

/** `entra-sync connection --help`: the subcommands of a group. */
export function groupHelp(group: string, commands: readonly CommandSpec[]): string {
  return [
    `Usage: entra-sync ${group} <${commands.map((c) => c.name.split(' ')[1]).join('|')}> [options]`,
    '',
    pad(commands.map((c) => [usageOf(c).replace('entra-sync ', ''), c.summary] as const)),
    '',
    `Run entra-sync ${group} <subcommand> --help for options and examples.`,
    '',
  ].join('\n');
}
