import { Argument, Option } from 'commander';
import type { ConfirmationDecided } from '../api-types';
import { stringArg, type CommandSpec } from '../command';
import { ExitCode } from '../exit-codes';
import { count } from '../option-parsers';
import { plural } from '../output/format';

type Decision = 'approve' | 'reject';

const WORDING: Record<Decision, { summary: string; done: (result: ConfirmationDecided) => string }> = {
  approve: {
    summary:
      'Approve held removals (S8): access is removed from the people listed; --count names how many you saw',
    done: ({ confirmation, applied }) =>
      `Approved ${confirmation.id}: access removed from ${plural(applied, 'person', 'people')} of ${confirmation.connectionName}.`,
  },
  reject: {
    summary:
      'Reject held removals (S8): the people listed keep their access until the directory changes them; --count names how many you saw',
    done: ({ confirmation }) =>
      `Rejected ${confirmation.id}: ${plural(confirmation.count, 'person', 'people')} of ${confirmation.connectionName} keep their access.`,
  },
};

/** `confirm approve|reject <id> --count n`: one command per decision, the same request and checks. */
function decideCommand(decision: Decision): CommandSpec {
  return {
    name: `confirm ${decision}`,
    arguments: [new Argument('<id>', 'the confirmation id (entra-sync confirm list)')],
    summary: WORDING[decision].summary,
    description:
      'The count must be the one `confirm list` showed: if more people were held since, the API answers 409 ' +
      'and nothing is decided — list again and name the new count.',
    options: [
      new Option('--count <n>', 'the number of people you saw in the list')
        .argParser(count)
        .makeOptionMandatory(),
    ],
    examples: [`entra-sync confirm ${decision} 4f1c… --count 12`],
    async run({ out, json, api, args, options }) {
      const id = stringArg(args, 0) ?? '';
      const result = await api().post<ConfirmationDecided>(
        `/api/confirmations/${encodeURIComponent(id)}/${decision}`,
        { count: options.count as number },
      );
      if (json) out.json(result);
      else out.line(WORDING[decision].done(result));
      return ExitCode.ok;
    },
  };
}

export const confirmApprove = decideCommand('approve');
export const confirmReject = decideCommand('reject');
