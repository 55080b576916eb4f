import { Argument, InvalidArgumentError } from 'commander';
import { stringArg, type CommandSpec } from '../command';
import { ExitCode } from '../exit-codes';
import type { Explanation } from '../api-types';
import { explainText } from './explain-view';

export const explain: CommandSpec = {
  name: 'explain',
  arguments: [new Argument('<email>').argParser(email)],
  summary: 'Why a person has the record and access they have (rules, precedence, records, audit: S1.2, S6.4)',
  description: 'Exit 1 when nobody in the directory mirror or the records has that e-mail.',
  examples: [
    'entra-sync explain jane.doe@contoso.com',
    'entra-sync explain jane.doe@contoso.com --json | jq .directoryUsers[0].matchingRules',
  ],
  async run({ out, json, api, args }) {
    const explanation = await api().get<Explanation>('/api/explain', { email: stringArg(args, 0) });
    if (json) out.json(explanation);
    else out.line(explainText(explanation));
    return ExitCode.ok;
  },
};

function email(value: string): string {
  const trimmed = value.trim();
  if (!trimmed.includes('@')) throw new InvalidArgumentError('It must be an e-mail address.');
  return trimmed;
}
