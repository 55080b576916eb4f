import { Argument, Option } from 'commander';
import type { Confirmation } from '../api-types';
import { stringArg, stringOption, type CommandSpec } from '../command';
import { ExitCode } from '../exit-codes';
import { plural, when } from '../output/format';
import { cell, table } from '../output/table';
import { resolveConnection } from '../resolve-connection';

const HOW: Record<Confirmation['removals'][number]['removal'], string> = {
  deleted: 'deleted',
  disabled: 'disabled',
  'out-of-scope': 'no rule matches',
};

export const confirmList: CommandSpec = {
  name: 'confirm list',
  arguments: [new Argument('[connection]', 'one connection only (id or name)')],
  summary: 'List removals held for confirmation (S8): who would lose access, why, and how many',
  options: [new Option('--status <status>', 'pending (default), approved, rejected or withdrawn')],
  examples: [
    'entra-sync confirm list',
    'entra-sync confirm list Contoso',
    "entra-sync confirm list --json | jq '.[] | {id, count}'",
  ],
  async run({ out, json, api, args, options }) {
    const client = api();
    const ref = stringArg(args, 0);
    const connectionId = ref === undefined ? undefined : (await resolveConnection(client, ref)).id;
    const status = stringOption(options, 'status');
    const { items } = await client.list<Confirmation>('/api/confirmations', { connectionId, status });
    if (json) {
      out.json(items);
      return ExitCode.ok;
    }
    if (items.length === 0) out.line(`No ${status ?? 'pending'} confirmations.`);
    for (const c of items) {
      out.line(
        `${c.id}  ${c.connectionName}: ${plural(c.count, 'person', 'people')} would lose access ` +
          `(${c.source}${c.runId ? `, run ${c.runId}` : ''}; ${c.status}, held ${when(c.openedAt)})`,
      );
      out.line(
        table(
          ['person', 'e-mail', 'why', 'found by'],
          c.removals.map((r) => [
            cell(r.displayName ?? r.objectId, 40),
            cell(r.email ?? '', 50),
            HOW[r.removal],
            r.source,
          ]),
        ),
      );
      if (c.status === 'pending')
        out.line(`  approve: entra-sync confirm approve ${c.id} --count ${c.count}   (or: confirm reject …)`);
    }
    return ExitCode.ok;
  },
};
