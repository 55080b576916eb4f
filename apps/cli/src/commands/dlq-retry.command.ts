import { Argument, Option } from 'commander';
import { flagOption, stringArg, stringOption, type CommandSpec } from '../command';
import { ExitCode, usageError } from '../exit-codes';
import { plural } from '../output/format';

export const dlqRetry: CommandSpec = {
  name: 'dlq retry',
  arguments: [new Argument('[id]')],
  usage: '<id> | --all',
  summary: 'Retry one dead letter, or all of them, with a fresh attempt budget',
  options: [
    new Option('--all', 'retry every dead letter (of --queue, or of every queue)'),
    new Option('--queue <name>', 'with --all: one queue only'),
  ],
  examples: [
    "entra-sync dlq retry 'user-sync~user.3f2…'",
    'entra-sync dlq retry --all',
    'entra-sync dlq retry --all --queue user-sync',
  ],
  async run({ out, json, api, args, options }) {
    const all = flagOption(options, 'all');
    const id = stringArg(args, 0);
    const queue = stringOption(options, 'queue');
    if (all === (id !== undefined)) throw usageError('dlq retry takes a dead-letter id or --all (not both)');
    if (queue !== undefined && !all) throw usageError('--queue goes with --all');
    if (all) {
      const result = await api().post<{ retried: number }>('/api/dead-letters/retry', {}, { queue });
      if (json) out.json(result);
      else out.line(`Retried ${plural(result.retried, 'dead letter')}${queue ? ` of ${queue}` : ''}.`);
      return ExitCode.ok;
    }
    const result = await api().post<{ id: string; retried: boolean }>(
      `/api/dead-letters/${encodeURIComponent(id ?? '')}/retry`,
    );
    if (json) out.json(result);
    else out.line(`Retried ${result.id}: it waits in its queue again.`);
    return ExitCode.ok;
  },
};
