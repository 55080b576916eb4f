import type { Connection } from '../api-types';
import { stringOption, flagOption, type CommandSpec } from '../command';
import { ExitCode, usageError } from '../exit-codes';
import { readClientSecret } from '../secret-input';
import { connectionDetails } from './connection-view';

export const connectionAdd: CommandSpec = {
  name: 'connection add',
  arity: [0, 0],
  summary: 'Add a connection to an Entra tenant (the API checks the credentials first)',
  description: [
    'The client secret is read from a prompt that does not echo, or from stdin with --client-secret-stdin.',
    'It is sent to the API once and never printed. Entra errors (e.g. AADSTS7000215 wrong secret,',
    'AADSTS700016 no admin consent) are reported as they come, and nothing is stored.',
  ],
  options: {
    name: { type: 'string', value: '<name>', description: 'display name, unique in any case' },
    tenant: {
      type: 'string',
      value: '<id|domain>',
      description: 'tenant id (GUID) or domain, e.g. contoso.onmicrosoft.com',
    },
    'client-id': {
      type: 'string',
      value: '<id>',
      description: 'application (client) id of the app registration',
    },
    'client-secret-stdin': { type: 'boolean', description: 'read the client secret from stdin (one line)' },
    'client-secret': {
      type: 'string',
      value: '<secret>',
      description: 'the secret on the command line (warns: it lands in shell history and the process list)',
    },
  },
  examples: [
    'entra-sync connection add --name Contoso --tenant contoso.onmicrosoft.com --client-id 11111111-2222-3333-4444-555555555555',
    'printf %s "$SECRET" | entra-sync connection add --name Contoso --tenant contoso.onmicrosoft.com --client-id … --client-secret-stdin',
  ],
  async run({ io, out, values, json, api }) {
    const field = (option: string) => {
      const value = stringOption(values, option)?.trim();
      if (!value) throw usageError(`connection add needs --${option}`);
      return value;
    };
    const body = { name: field('name'), tenant: field('tenant'), clientId: field('client-id') };
    const clientSecret = await readClientSecret(
      io,
      {
        fromStdin: flagOption(values, 'client-secret-stdin'),
        fromArgv: stringOption(values, 'client-secret'),
      },
      out.warn,
    );
    const connection = await api().post<Connection>('/api/connections', { ...body, clientSecret });
    if (json) out.json(connection);
    else out.line(`Connection added; the credentials work.\n${connectionDetails(connection)}`);
    return ExitCode.ok;
  },
};
