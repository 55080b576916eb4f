import type { Explanation } from '../api-types';
import type { CommandSpec } from '../command';
import { ExitCode, usageError } from '../exit-codes';
import { explainText } from './explain-view';

export const explain: CommandSpec = {
  name: 'explain',
  args: '<email>',
  arity: [1, 1],
  summary: 'Why a person has the record and access they have (rules, precedence, records, audit: S1.2, S6.4)',
  description: ['Exit 1 when nobody in the directory mirror or the records has that e-mail.'],
  options: {},
  examples: [
    'entra-sync explain jane.doe@contoso.com',
    'entra-sync explain jane.doe@contoso.com --json | jq .directoryUsers[0].matchingRules',
  ],
  async run({ out, json, api, positionals }) {
    const email = (positionals[0] ?? '').trim();
    if (!email.includes('@')) throw usageError(`explain needs an e-mail address, got '${email}'`);
    const explanation = await api().get<Explanation>('/api/explain', { email });
    if (json) out.json(explanation);
    else out.line(explainText(explanation));
    return ExitCode.ok;
  },
};
