import type { Connection, QueueStats } from '../api-types';
import type { CommandSpec } from '../command';
import { ExitCode } from '../exit-codes';
import { plural, span } from '../output/format';
import { table } from '../output/table';
import { connectionsTable } from './connection-view';

export const status: CommandSpec = {
  name: 'status',
  summary: 'Queue lag (waiting, oldest wait, dead letters) and connection health at a glance',
  description: 'Exits 0 whenever the API answers: read the numbers (or the --json summary) to alert.',
  examples: ['entra-sync status', "entra-sync status --json | jq '.summary'"],
  async run({ out, json, api }) {
    const client = api();
    const [queues, connections] = await Promise.all([
      client.get<{ items: QueueStats[] }>('/api/queues'),
      client.list<Connection>('/api/connections'),
    ]);
    const summary = {
      maxQueueLagSeconds: Math.max(0, ...queues.items.map((q) => q.oldestWaitingAgeSeconds)),
      waiting: sum(queues.items.map((q) => q.waiting)),
      deadLetters: sum(queues.items.map((q) => q.failed)),
      deadLettersDropped: sum(queues.items.map((q) => q.deadLettersDropped)),
      connections: connections.items.length,
      failingConnections: connections.items.filter((c) => c.status === 'failing').length,
    };
    if (json) {
      out.json({ summary, queues: queues.items, connections: connections.items });
      return ExitCode.ok;
    }
    out.line('Queues');
    out.line(
      table(
        ['queue', 'waiting', 'active', 'delayed', 'dead letters', 'oldest waiting'],
        queues.items.map((q) => [
          q.name,
          String(q.waiting),
          String(q.active),
          String(q.delayed),
          String(q.failed),
          q.waiting > 0 ? span(q.oldestWaitingAgeSeconds) : '-',
        ]),
      ),
    );
    out.line();
    out.line('Connections');
    out.line(connections.items.length > 0 ? connectionsTable(connections.items) : 'none');
    out.line();
    out.line(
      `Lag ${span(summary.maxQueueLagSeconds)} · ${summary.waiting} waiting · ${plural(summary.deadLetters, 'dead letter')}` +
        (summary.deadLettersDropped > 0
          ? ` (${summary.deadLettersDropped} dropped by DEAD_LETTER_MAX)`
          : '') +
        ' · ' +
        `${summary.failingConnections} of ${summary.connections} connections failing`,
    );
    return ExitCode.ok;
  },
};

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
