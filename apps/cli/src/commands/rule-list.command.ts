import type { Rule } from '../api-types';
import type { CommandSpec } from '../command';
import { ExitCode } from '../exit-codes';
import { resolveConnection } from '../resolve-connection';
import { rulesTable } from './rule-view';

export const ruleList: CommandSpec = {
  name: 'rule list',
  args: '<connection>',
  arity: [1, 1],
  summary: "List a connection's mapping rules in precedence order (S1.2: lowest order, then oldest)",
  options: {},
  examples: ['entra-sync rule list Contoso', 'entra-sync rule list Contoso --json'],
  async run({ out, json, api, positionals }) {
    const client = api();
    const connection = await resolveConnection(client, positionals[0] ?? '');
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
