import { flagOption, stringOption, type CommandSpec } from '../command';
import { ExitCode, usageError } from '../exit-codes';
import { plural } from '../output/format';

export const dlqRetry: CommandSpec = {
  name: 'dlq retry',
  args: '<id> | --all',
  arity: [0, 1],
  summary: 'Retry one dead letter, or all of them, with a fresh attempt budget',
  options: {
    all: { type: 'boolean', description: 'retry every dead letter (of --queue, or of every queue)' },
    queue: { type: 'string', value: '<name>', description: 'with --all: one queue only' },
  },
  examples: [
    "entra-sync dlq retry 'user-sync~user.3f2…'",
    'entra-sync dlq retry --all',
    'entra-sync dlq retry --all --queue user-sync',
  ],
  async run({ out, json, api, positionals, values }) {
    const all = flagOption(values, 'all');
    const id = positionals[0];
    const queue = stringOption(values, 'queue');
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
