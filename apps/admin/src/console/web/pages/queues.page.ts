/// <reference lib="dom" />
import { get, type Page } from '../api';
import { lineChart, type Series } from '../chart';
import { h, table } from '../dom';
import { seconds, when } from '../format';
import type { View } from '../router';
import type { QueueHistory, QueueStats } from '../types';

const depth = (q: QueueStats) => q.waiting + q.delayed + q.active;

/** Queue depth and lag now, and over the last hour from the admin process's samples (`/api/queues/history`). */
export async function queuesPage(view: View): Promise<void> {
  const now = h('div', {});
  const charts = h('div', {});
  view.main.append(
    view.heading('Queues'),
    h(
      'p',
      {},
      'Depth is waiting + delayed + active jobs; lag is the age of the oldest waiting job. ',
      h('a', { href: '/admin/queues/', target: '_blank', rel: 'noopener' }, 'Queue internals (bull-board)'),
      '.',
    ),
    now,
    charts,
  );
  const draw = async () => {
    const [current, history] = await Promise.all([
      get<Page<QueueStats>>('/api/queues'),
      get<QueueHistory>('/api/queues/history'),
    ]);
    if (!view.current()) return;
    now.replaceChildren(
      table(
        'Now',
        ['Queue', 'Waiting', 'Active', 'Delayed', 'Dead letters', 'Lag'],
        current.items.map((q) =>
          h(
            'tr',
            { 'data-queue': q.name },
            h('th', { scope: 'row' }, q.name),
            h('td', {}, String(q.waiting)),
            h('td', {}, String(q.active)),
            h('td', {}, String(q.delayed)),
            h(
              'td',
              {},
              q.failed > 0 ? h('a', { href: `#/dead-letters?queue=${q.name}` }, String(q.failed)) : '0',
            ),
            h('td', {}, seconds(q.oldestWaitingAgeSeconds)),
          ),
        ),
      ),
    );
    charts.replaceChildren(...historyCharts(history));
  };
  await draw();
  view.every(15_000, draw);
}

function historyCharts(history: QueueHistory): HTMLElement[] {
  const to = Date.now();
  const from = to - history.windowSeconds * 1000;
  const names = history.samples[history.samples.length - 1]?.queues.map((q) => q.name) ?? [];
  const seriesOf = (pick: (q: QueueStats) => number): Series[] =>
    names.map((name) => ({
      name,
      points: history.samples.flatMap((s) => {
        const q = s.queues.find((x) => x.name === name);
        return q ? [[Date.parse(s.at), pick(q)] as [number, number]] : [];
      }),
    }));
  const span = `${history.samples.length} samples, one every ${history.intervalSeconds} s`;
  const period =
    history.windowSeconds === 3600 ? 'hour' : `${Math.round(history.windowSeconds / 60)} minutes`;
  const peak = (pick: (q: QueueStats) => number) =>
    Math.max(0, ...history.samples.flatMap((s) => s.queues.map(pick)));
  return [
    h('h2', {}, `Depth over the last ${period}`),
    lineChart({
      title: `Queue depth over the last ${period}`,
      description: `${span}; highest depth ${peak(depth)} jobs.`,
      series: seriesOf(depth),
      from,
      to,
      format: (v) => (Number.isInteger(v) ? String(v) : v.toFixed(1)),
    }),
    h('h2', {}, `Lag over the last ${period}`),
    lineChart({
      title: `Queue lag over the last ${period}`,
      description: `${span}; highest lag ${seconds(peak((q) => q.oldestWaitingAgeSeconds))}.`,
      series: seriesOf((q) => q.oldestWaitingAgeSeconds),
      from,
      to,
      format: seconds,
    }),
    h(
      'details',
      {},
      h('summary', {}, 'The samples as a table'),
      table(
        'Samples, newest first',
        ['Time', ...names.map((n) => `${n} depth / lag`)],
        [...history.samples].reverse().map((s) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, when(s.at)),
            ...names.map((n) => {
              const q = s.queues.find((x) => x.name === n);
              return h('td', {}, q ? `${depth(q)} / ${seconds(q.oldestWaitingAgeSeconds)}` : '—');
            }),
          ),
        ),
      ),
    ),
  ];
}
