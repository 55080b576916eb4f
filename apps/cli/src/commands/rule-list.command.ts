import type { Rule } from '../api-types';
import { Argument } from 'commander';
import { stringArg, type CommandSpec } from '../command';
import { ExitCode } from '../exit-codes';
import { resolveConnection } from '../resolve-connection';
import { rulesTable } from './rule-view';

export const ruleList: CommandSpec = {
  name: 'rule list',
  arguments: [new Argument('<connection>')],
  summary: "List a connection's mapping rules in precedence order (S1.2: lowest order, then oldest)",
  examples: ['entra-sync rule list Contoso', 'entra-sync rule list Contoso --json'],
  async run({ out, json, api, args }) {
    const client = api();
    const connection = await resolveConnection(client, stringArg(args, 0) ?? '');
    const { items } = await client.list<Rule>(`/api/connections/${connection.id}/rules`);
    if (json) out.json(items);
    else
      out.line(
        items.length > 0
          ? rulesTable(items)
          : `${connection.name} has no rules yet: nobody is in scope (S1.1). Add one with \`entra-sync rule add\`.`,
      );
    return ExitCode.ok;
  },
};
