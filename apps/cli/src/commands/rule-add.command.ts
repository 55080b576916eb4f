import type { Rule } from '../api-types';
import { flagOption, listOption, stringOption, type CommandSpec, type OptionValues } from '../command';
import { ExitCode, usageError } from '../exit-codes';
import { resolveConnection } from '../resolve-connection';
import { rulesTable } from './rule-view';

export const ruleAdd: CommandSpec = {
  name: 'rule add',
  args: '<connection>',
  arity: [1, 1],
  summary: 'Add a mapping rule: members of a group become employees or contacts (S1)',
  description: [
    'The group must exist in the tenant (S7.4). The lowest --order wins when several rules match a user (S1.2).',
    "Saving a rule starts a sync that re-evaluates the connection's users; its run id is printed.",
  ],
  options: {
    group: { type: 'string', value: '<object-id>', description: 'Entra group object id' },
    order: { type: 'string', value: '<n>', description: 'precedence, lowest wins (integer)' },
    target: { type: 'string', value: '<employee|contact>', description: 'what a member becomes' },
    account: { type: 'string', value: '<account-id>', description: 'contact rules: the customer account' },
    'security-role': {
      type: 'string',
      value: '<role>',
      description: 'employee rules: security role (else the default)',
    },
    modules: {
      type: 'string',
      multiple: true,
      value: '<a,b,…>',
      description: 'employee rules: module permissions (comma-separated, repeatable)',
    },
    'portal-access': { type: 'boolean', description: 'contact rules: give a client-portal login' },
    'portal-role': { type: 'string', value: '<role>', description: 'contact rules: portal role' },
    transitive: { type: 'boolean', description: 'count nested-group members too (S1.1)' },
  },
  examples: [
    'entra-sync rule add Contoso --group 6a1c…-staff --order 10 --target employee --security-role Technician --modules tickets,time',
    'entra-sync rule add Contoso --group 9b2d…-customers --order 20 --target contact --account 3f0e… --portal-access --portal-role "Portal User"',
  ],
  async run({ out, json, api, positionals, values }) {
    const body = ruleBody(values);
    const client = api();
    const connection = await resolveConnection(client, positionals[0] ?? '');
    const rule = await client.post<Rule & { syncRunId: string | null }>(
      `/api/connections/${connection.id}/rules`,
      body,
    );
    if (json) {
      out.json(rule);
      return ExitCode.ok;
    }
    out.line(`Rule ${rule.id} added to ${connection.name}.`);
    out.line(rulesTable([rule]));
    out.line(
      rule.syncRunId
        ? `Users are re-evaluated by sync run ${rule.syncRunId}.`
        : 'The connection is disabled: users are re-evaluated when it is enabled again.',
    );
    return ExitCode.ok;
  },
};

function ruleBody(values: OptionValues) {
  const group = stringOption(values, 'group')?.trim();
  if (!group) throw usageError('rule add needs --group <object-id>');
  const orderText = stringOption(values, 'order');
  if (orderText === undefined) throw usageError('rule add needs --order <n>');
  const order = Number(orderText);
  if (!/^-?\d+$/.test(orderText.trim()) || !Number.isSafeInteger(order))
    throw usageError(`--order must be an integer, got '${orderText}'`);
  const target = stringOption(values, 'target');
  if (target !== 'employee' && target !== 'contact')
    throw usageError(
      `--target must be employee or contact${target === undefined ? '' : `, got '${target}'`}`,
    );
  const modules = listOption(values, 'modules')
    .flatMap((m) => m.split(','))
    .map((m) => m.trim())
    .filter(Boolean);
  const optional = {
    accountId: stringOption(values, 'account'),
    securityRole: stringOption(values, 'security-role'),
    portalRole: stringOption(values, 'portal-role'),
    modules: modules.length > 0 ? modules : undefined,
    portalAccess: flagOption(values, 'portal-access') || undefined,
    transitive: flagOption(values, 'transitive') || undefined,
  };
  return {
    groupId: group,
    order,
    target,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  };
}
