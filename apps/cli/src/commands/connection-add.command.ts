import { Option } from 'commander';
import type { Connection } from '../api-types';
import { stringOption, flagOption, type CommandSpec } from '../command';
import { ExitCode } from '../exit-codes';
import { text } from '../option-parsers';
import { readClientSecret } from '../secret-input';
import { connectionDetails } from './connection-view';

export const connectionAdd: CommandSpec = {
  name: 'connection add',
  summary: 'Add a connection to an Entra tenant (the API checks the credentials first)',
  description:
    'The client secret is read from a prompt that does not echo, or from stdin with --client-secret-stdin. ' +
    'It is sent to the API once and never printed. Entra errors (e.g. AADSTS7000215 wrong secret, ' +
    'AADSTS700016 no admin consent) are reported as they come, and nothing is stored.',
  options: [
    new Option('--name <name>', 'display name, unique in any case').argParser(text).makeOptionMandatory(),
    new Option('--tenant <id|domain>', 'tenant id (GUID) or domain, e.g. contoso.onmicrosoft.com')
      .argParser(text)
      .makeOptionMandatory(),
    new Option('--client-id <id>', 'application (client) id of the app registration')
      .argParser(text)
      .makeOptionMandatory(),
    new Option('--client-secret-stdin', 'read the client secret from stdin (one line)'),
    new Option(
      '--staff-tenant',
      "the MSP's own directory: only a staff tenant's users become, merge with or archive employees (S3.4)",
    ),
    new Option(
      '--client-secret <secret>',
      'the secret on the command line (warns: it lands in shell history and the process list)',
    ),
  ],
  examples: [
    'entra-sync connection add --name Contoso --tenant contoso.onmicrosoft.com --client-id 11111111-2222-3333-4444-555555555555',
    'entra-sync connection add --name "Our staff" --tenant msp.onmicrosoft.com --client-id … --staff-tenant',
    'printf %s "$SECRET" | entra-sync connection add --name Contoso --tenant contoso.onmicrosoft.com --client-id … --client-secret-stdin',
  ],
  async run({ io, out, options, json, api }) {
    // mandatory options: commander refuses the command without them
    const body = {
      name: stringOption(options, 'name'),
      tenant: stringOption(options, 'tenant'),
      clientId: stringOption(options, 'clientId'),
      staffTenant: flagOption(options, 'staffTenant'),
    };
    const clientSecret = await readClientSecret(
      io,
      {
        fromStdin: flagOption(options, 'clientSecretStdin'),
        fromArgv: stringOption(options, 'clientSecret'),
      },
      out.warn,
    );
    const connection = await api().post<Connection>('/api/connections', { ...body, clientSecret });
    if (json) out.json(connection);
    else out.line(`Connection added; the credentials work.\n${connectionDetails(connection)}`);
    return ExitCode.ok;
  },
};
