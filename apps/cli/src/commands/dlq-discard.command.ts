import { Argument } from 'commander';
import { stringArg, type CommandSpec } from '../command';
import { ExitCode } from '../exit-codes';

export const dlqDiscard: CommandSpec = {
  name: 'dlq discard',
  arguments: [new Argument('<id>')],
  summary: 'Discard a dead letter for good (it is not retried)',
  examples: ["entra-sync dlq discard 'user-sync~user.3f2…'"],
  async run({ out, json, api, args }) {
    const id = stringArg(args, 0) ?? '';
    await api().delete(`/api/dead-letters/${encodeURIComponent(id)}`);
    if (json) out.json({ id, discarded: true });
    else out.line(`Discarded ${id}.`);
    return ExitCode.ok;
  },
};
