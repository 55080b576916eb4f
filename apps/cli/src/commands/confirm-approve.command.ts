import { Argument, Option } from 'commander';
import type { ConfirmationDecided } from '../api-types';
import { stringArg, type CommandSpec } from '../command';
import { ExitCode } from '../exit-codes';
import { count } from '../option-parsers';
import { plural } from '../output/format';

export const confirmApprove: CommandSpec = {
  name: 'confirm approve',
  arguments: [new Argument('<id>', 'the confirmation id (entra-sync confirm list)')],
  summary:
    'Approve held removals (S8): access is removed from the people listed; --count names how many you saw',
  description:
    'The count must be the one `confirm list` showed: if more people were held since, the API answers 409 ' +
    'and nothing is decided — list again and name the new count.',
  options: [
    new Option('--count <n>', 'the number of people you saw in the list')
      .argParser(count)
      .makeOptionMandatory(),
  ],
  examples: ['entra-sync confirm approve 4f1c… --count 12'],
  async run({ out, json, api, args, options }) {
    const id = stringArg(args, 0) ?? '';
    const result = await api().post<ConfirmationDecided>(
      `/api/confirmations/${encodeURIComponent(id)}/approve`,
      {
        count: options.count as number,
      },
    );
    if (json) out.json(result);
    else
      out.line(
        `Approved ${result.confirmation.id}: access removed from ${plural(result.applied, 'person', 'people')} of ${result.confirmation.connectionName}.`,
      );
    return ExitCode.ok;
  },
};
