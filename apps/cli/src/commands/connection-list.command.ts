import type { Connection } from '../api-types';
import type { CommandSpec } from '../command';
import { ExitCode } from '../exit-codes';
import { connectionsTable } from './connection-view';

export const connectionList: CommandSpec = {
  name: 'connection list',
  summary: 'List connections with their status, last sync and last error',
  examples: [
    'entra-sync connection list',
    'entra-sync connection list --json | jq -r \'.[] | select(.status == "failing") | .name\'',
  ],
  async run({ out, json, api }) {
    const { items } = await api().list<Connection>('/api/connections');
    if (json) out.json(items);
    else
      out.line(
        items.length > 0
          ? connectionsTable(items)
          : 'No connections yet: add one with `entra-sync connection add`.',
      );
    return ExitCode.ok;
  },
};
