/// <reference lib="dom" />
import { api, describeError, get, query, type Page } from '../api';
import { announce, field, h, notice, select, uid } from '../dom';
import { when } from '../format';
import { navigate, type View } from '../router';
import type { DeadLetter, QueueStats } from '../types';

/** Q2 dead letters: inspect the payload and error, retry one or all, discard. */
export async function deadLettersPage(view: View): Promise<void> {
  const queue = view.query.get('queue') ?? '';
  const queues = await get<Page<QueueStats>>('/api/queues');
  const filter = select(
    { name: 'queue' },
    [{ value: '', label: 'All queues' }, ...queues.items.map((q) => ({ value: q.name, label: q.name }))],
    queue,
  );
  filter.addEventListener('change', () => navigate(`#/dead-letters${query({ queue: filter.value })}`));
  const messages = h('div', {});
  const list = h('div', {});
  const retryAll = h('button', { type: 'button' }, queue ? `Retry all in ${queue}` : 'Retry all');
  retryAll.addEventListener('click', () => {
    void api<{ retried: number }>('POST', `/api/dead-letters/retry${query({ queue })}`)
      .then(({ retried }) => {
        messages.replaceChildren(notice('ok', `${retried} job(s) sent back to their queues.`));
        return reload();
      })
      .catch((err: unknown) => messages.replaceChildren(notice('error', describeError(err))));
  });

  async function reload(): Promise<void> {
    const page = await get<Page<DeadLetter>>(`/api/dead-letters${query({ queue, limit: 100 })}`);
    if (!view.current()) return;
    list.replaceChildren(
      page.items.length === 0
        ? notice('info', 'No dead letters. Jobs that exhaust their attempts land here.')
        : h(
            'ul',
            { className: 'dead-letters', 'aria-label': 'Dead letters, newest first' },
            ...page.items.map((d) => item(d)),
          ),
    );
    retryAll.hidden = page.items.length === 0;
  }

  function item(d: DeadLetter): HTMLElement {
    const detailsId = uid('payload');
    const payload = h(
      'div',
      { id: detailsId, className: 'payload', hidden: true },
      h('h3', {}, 'Payload'),
      h('pre', {}, JSON.stringify(d.data, null, 2)),
      h('h3', {}, 'Error'),
      h('pre', {}, d.failedReason),
    );
    const inspect = h(
      'button',
      { type: 'button', className: 'secondary', 'aria-expanded': 'false', 'aria-controls': detailsId },
      'Inspect',
    );
    inspect.addEventListener('click', () => {
      payload.hidden = !payload.hidden;
      inspect.setAttribute('aria-expanded', String(!payload.hidden));
    });
    const act = (label: string, method: string, path: string, done: string, className = '') =>
      h(
        'button',
        {
          type: 'button',
          className,
          'aria-label': `${label} ${d.id}`,
          onclick: () => {
            if (method === 'DELETE' && !confirm(`Discard ${d.id} for good?`)) return;
            void api(method, path)
              .then(() => {
                messages.replaceChildren(notice('ok', `${d.id} ${done}.`));
                announce(`${d.id} ${done}.`);
                return reload();
              })
              .catch((err: unknown) => messages.replaceChildren(notice('error', describeError(err))));
          },
        },
        label,
      );
    const id = encodeURIComponent(d.id);
    return h(
      'li',
      { className: 'card', 'data-dead-letter': d.id },
      h(
        'p',
        {},
        h('strong', {}, `${d.queue} · ${d.name}`),
        ` (job ${d.id.split('~')[1] ?? d.id})`,
        ` — failed ${when(d.failedAt)} after ${d.attemptsMade} attempt(s)`,
      ),
      h('p', { className: 'error-text' }, d.failedReason),
      h(
        'div',
        { className: 'buttons' },
        inspect,
        act('Retry', 'POST', `/api/dead-letters/${id}/retry`, 'sent back to its queue'),
        act('Discard', 'DELETE', `/api/dead-letters/${id}`, 'discarded', 'danger'),
      ),
      payload,
    );
  }

  view.main.append(
    view.heading('Dead letters'),
    h('div', { className: 'filters' }, field('Queue', filter), retryAll),
    messages,
    list,
  );
  await reload();
}
