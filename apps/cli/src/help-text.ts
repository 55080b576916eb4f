import type { CommandSpec } from './command';
import { EXIT_CODES } from './exit-codes';

// The parts of the help commander does not write: exit codes and examples.

export const TOOL = 'entra-sync';

const TOOL_EXAMPLES = [
  'export ENTRA_SYNC_URL=http://127.0.0.1:3000 ADMIN_TOKEN=…   # npm start prints the token',
  'entra-sync status',
  'entra-sync connection add --name Contoso --tenant contoso.onmicrosoft.com --client-id <app id>',
  'entra-sync rule add Contoso --group <group id> --order 10 --target employee',
  'entra-sync sync Contoso',
  'entra-sync explain jane.doe@contoso.com',
  'entra-sync dlq retry --all',
];

const pad = (rows: readonly (readonly [string, string])[]): string => {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`).join('\n');
};

export function toolHelpEnd(): string {
  return [
    '',
    '<connection> is a connection id or its name (any case).',
    '',
    'Exit codes:',
    pad(EXIT_CODES.map(([code, meaning]) => [String(code), meaning] as const)),
    '',
    'Examples:',
    ...TOOL_EXAMPLES.map((e) => `  ${e}`),
  ].join('\n');
}

export function leafHelpEnd(spec: CommandSpec): string {
  const codes = EXIT_CODES.map(([code, meaning]) => `${code} ${meaning.split(/[:(,]/)[0]?.trim()}`).join(
    ', ',
  );
  return [
    '',
    `Exit codes: ${codes} (see ${TOOL} --help)`,
    '',
    'Examples:',
    ...spec.examples.map((e) => `  ${e}`),
  ].join('\n');
}
