import { Argument, Option, type OptionValues } from 'commander';
import type { Rule } from '../api-types';
import { flagOption, stringArg, stringOption, type CommandSpec } from '../command';
import { ExitCode } from '../exit-codes';
import { commaList, integer, text } from '../option-parsers';
import { resolveConnection } from '../resolve-connection';
import { rulesTable } from './rule-view';

export const ruleAdd: CommandSpec = {
  name: 'rule add',
  arguments: [new Argument('<connection>')],
  summary: 'Add a mapping rule: members of a group become employees or contacts (S1)',
  description:
    'The group must exist in the tenant (S7.4). The lowest --order wins when several rules match a user (S1.2). ' +
    "Saving a rule starts a sync that re-evaluates the connection's users; its run id is printed.",
  options: [
    new Option('--group <object-id>', 'Entra group object id').argParser(text).makeOptionMandatory(),
    new Option('--order <n>', 'precedence, lowest wins (integer)').argParser(integer).makeOptionMandatory(),
    new Option('--target <employee|contact>', 'what a member becomes')
      .choices(['employee', 'contact'])
      .makeOptionMandatory(),
    new Option('--account <account-id>', 'contact rules: the customer account'),
    new Option('--security-role <role>', 'employee rules: security role (else the default)'),
    new Option(
      '--modules <a,b,…>',
      'employee rules: module permissions (comma-separated, repeatable)',
    ).argParser(commaList),
    new Option('--portal-access', 'contact rules: give a client-portal login'),
    new Option('--portal-role <role>', 'contact rules: portal role'),
    new Option('--transitive', 'count nested-group members too (S1.1)'),
  ],
  examples: [
    'entra-sync rule add Contoso --group 6a1c…-staff --order 10 --target employee --security-role Technician --modules tickets,time',
    'entra-sync rule add Contoso --group 9b2d…-customers --order 20 --target contact --account 3f0e… --portal-access --portal-role "Portal User"',
  ],
  async run({ out, json, api, args, options }) {
    const body = ruleBody(options);
    const client = api();
    const connection = await resolveConnection(client, stringArg(args, 0) ?? '');
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

/** The API body from the parsed options (group, order and target are mandatory, checked by commander). */
function ruleBody(options: OptionValues) {
  const modules = Array.isArray(options.modules) ? (options.modules as string[]) : [];
  const optional = {
    accountId: stringOption(options, 'account'),
    securityRole: stringOption(options, 'securityRole'),
    portalRole: stringOption(options, 'portalRole'),
    modules: modules.length > 0 ? modules : undefined,
    portalAccess: flagOption(options, 'portalAccess') || undefined,
    transitive: flagOption(options, 'transitive') || undefined,
  };
  return {
    groupId: stringOption(options, 'group'),
    order: options.order as number,
    target: stringOption(options, 'target'),
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  };
}
