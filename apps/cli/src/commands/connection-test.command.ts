import { Argument } from 'commander';
import type { ConnectionTestResult } from '../api-types';
import { stringArg, type CommandSpec } from '../command';
import { ExitCode } from '../exit-codes';
import { resolveConnection } from '../resolve-connection';

export const connectionTest: CommandSpec = {
  name: 'connection test',
  arguments: [new Argument('<connection>')],
  summary: "Check a connection's credentials against Entra ID and Graph now",
  description:
    'A failure is reported with the Entra error (exit 1) and marks the connection failing (S7.3); ' +
    'a success on a failing connection does not reconnect it — the reconnect probe or a sync does.',
  examples: [
    'entra-sync connection test Contoso',
    'entra-sync connection test 0f8fad5b-d9cb-469f-a165-70867728950e --json',
  ],
  async run({ out, json, api, args }) {
    const client = api();
    const connection = await resolveConnection(client, stringArg(args, 0) ?? '');
    const result = await client.post<ConnectionTestResult>(`/api/connections/${connection.id}/test`);
    if (json) out.json(result);
    else {
      const org = result.organization;
      out.line(
        `ok: ${connection.name} reaches tenant ${org.displayName ?? org.tenantId} (${org.tenantId}); status ${result.connection.status}`,
      );
    }
    return ExitCode.ok;
  },
};
