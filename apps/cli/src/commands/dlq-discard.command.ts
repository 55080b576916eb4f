import type { CommandSpec } from '../command';
import { ExitCode } from '../exit-codes';

export const dlqDiscard: CommandSpec = {
  name: 'dlq discard',
  args: '<id>',
  arity: [1, 1],
  summary: 'Discard a dead letter for good (it is not retried)',
  options: {},
  examples: ["entra-sync dlq discard 'user-sync~user.3f2…'"],
  async run({ out, json, api, positionals }) {
    const id = positionals[0] ?? '';
    await api().delete(`/api/dead-letters/${encodeURIComponent(id)}`);
    if (json) out.json({ id, discarded: true });
    else out.line(`Discarded ${id}.`);
    return ExitCode.ok;
  },
};
