import { Option } from 'commander';
import type { DeadLetter } from '../api-types';
import { stringOption, type CommandSpec } from '../command';
import { ExitCode } from '../exit-codes';
import { count } from '../option-parsers';
import { when } from '../output/format';
import { cell, table } from '../output/table';

export const dlqList: CommandSpec = {
  name: 'dlq list',
  summary: 'List dead letters: jobs that exhausted their retries (Q2), newest failure first',
  options: [
    new Option('--queue <name>', 'one queue only (user-sync, group-sync, full-sync, …)'),
    new Option('--limit <n>', 'at most this many (default 100; 0 = all)').argParser(count),
  ],
  examples: ['entra-sync dlq list', "entra-sync dlq list --queue user-sync --json | jq -r '.[].id'"],
  async run({ out, json, api, options }) {
    const wanted = typeof options.limit === 'number' ? options.limit : 100;
    const limit = wanted === 0 ? Infinity : wanted;
    const { items, more } = await api().list<DeadLetter>(
      '/api/dead-letters',
      { queue: stringOption(options, 'queue') },
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
