import type { DeadLetter } from '../api-types';
import { stringOption, type CommandSpec } from '../command';
import { ExitCode, usageError } from '../exit-codes';
import { when } from '../output/format';
import { cell, table } from '../output/table';

export const dlqList: CommandSpec = {
  name: 'dlq list',
  arity: [0, 0],
  summary: 'List dead letters: jobs that exhausted their retries (Q2), newest failure first',
  options: {
    queue: {
      type: 'string',
      value: '<name>',
      description: 'one queue only (user-sync, group-sync, full-sync, …)',
    },
    limit: { type: 'string', value: '<n>', description: 'at most this many (default 100; 0 = all)' },
  },
  examples: ['entra-sync dlq list', "entra-sync dlq list --queue user-sync --json | jq -r '.[].id'"],
  async run({ out, json, api, values }) {
    const limitText = stringOption(values, 'limit') ?? '100';
    if (!/^\d+$/.test(limitText)) throw usageError(`--limit must be a whole number, got '${limitText}'`);
    const limit = Number(limitText) === 0 ? Infinity : Number(limitText);
    const { items, more } = await api().list<DeadLetter>(
      '/api/dead-letters',
      { queue: stringOption(values, 'queue') },
      limit,
    );
    if (json) out.json(items);
    else if (items.length === 0) out.line('No dead letters.');
    else
      out.line(
        table(
          ['id', 'job', 'attempts', 'failed', 'reason'],
          items.map((d) => [
            d.id,
            d.name,
            String(d.attemptsMade),
            when(d.failedAt),
            cell(d.failedReason, 80),
          ]),
        ),
      );
    if (more) out.warn(`more dead letters than the ${items.length} shown: raise --limit (0 = all)`);
    return ExitCode.ok;
  },
};
