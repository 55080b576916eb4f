import { Argument, Option } from 'commander';
import type { Connection } from '../api-types';
import { stringArg, type CommandSpec } from '../command';
import { ExitCode, usageError } from '../exit-codes';
import { resolveConnection } from '../resolve-connection';
import { connectionDetails } from './connection-view';

export const connectionSet: CommandSpec = {
  name: 'connection set',
  arguments: [new Argument('<connection>')],
  summary: 'Mark a connection as the staff tenant, or as a customer tenant (S3.4)',
  description:
    "Only a staff tenant (the MSP's own directory) may create, merge with or archive employees; a customer " +
    'tenant reaches the contacts of the accounts its rules target. Unmarking is refused while the connection ' +
    'has employee rules: delete them or make them contact rules first.',
  options: [
    new Option('--staff-tenant', 'mark it as the staff tenant'),
    new Option('--no-staff-tenant', 'mark it as a customer tenant'),
  ],
  examples: [
    'entra-sync connection set "Our staff" --staff-tenant',
    'entra-sync connection set Contoso --no-staff-tenant --json',
  ],
  async run({ out, json, api, args, options }) {
    const staffTenant: unknown = options.staffTenant;
    if (typeof staffTenant !== 'boolean') throw usageError('say --staff-tenant or --no-staff-tenant');
    const client = api();
    const current = await resolveConnection(client, stringArg(args, 0) ?? '');
    const connection = await client.patch<Connection>(`/api/connections/${current.id}`, { staffTenant });
    if (json) out.json(connection);
    else out.line(connectionDetails(connection));
    return ExitCode.ok;
  },
};
