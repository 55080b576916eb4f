/// <reference lib="dom" />
import { api, describeError, get, type Page } from '../api';
import { announce, h, notice } from '../dom';
import { plural, when } from '../format';
import type { View } from '../router';
import type { Confirmation, ConfirmationDecided } from '../types';

const REMOVAL: Record<Confirmation['removals'][number]['removal'], string> = {
  deleted: 'deleted in the directory',
  disabled: 'disabled in the directory',
  'out-of-scope': 'no rule matches any more',
};

/**
 * S8: removals held above a connection's limit. The operator reads who would lose access and why, then approves
 * or rejects naming the count they saw; a count that changed meanwhile answers 409 and the list is drawn again.
 */
export async function confirmationsPage(view: View): Promise<void> {
  const messages = h('div', {});
  const list = h('div', {});

  async function reload(): Promise<void> {
    const page = await get<Page<Confirmation>>('/api/confirmations?limit=100');
    if (!view.current()) return;
    list.replaceChildren(
      page.items.length === 0
        ? notice('info', 'Nothing waits for confirmation. Removals above the S8 limit are held here.')
        : h(
            'ul',
            { className: 'confirmations', 'aria-label': 'Pending confirmations, newest first' },
            ...page.items.map(item),
          ),
    );
  }

  function decide(c: Confirmation, decision: 'approve' | 'reject'): void {
    void api<ConfirmationDecided>('POST', `/api/confirmations/${c.id}/${decision}`, { count: c.count })
      .then(({ applied }) => {
        const text =
          decision === 'approve'
            ? `Approved: access removed from ${plural(applied, 'person', 'people')} of ${c.connectionName}.`
            : `Rejected: the ${plural(c.count, 'person', 'people')} of ${c.connectionName} keep their access.`;
        messages.replaceChildren(notice('ok', text));
        announce(text);
        return reload();
      })
      .catch((err: unknown) => {
        messages.replaceChildren(notice('error', describeError(err)));
        return reload();
      });
  }

  function item(c: Confirmation): HTMLElement {
    const people = h(
      'table',
      {},
      h('caption', {}, `Who would lose access (${c.count})`),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, 'Person'),
          h('th', {}, 'E-mail'),
          h('th', {}, 'Why'),
          h('th', {}, 'Found by'),
        ),
      ),
      h(
        'tbody',
        {},
        ...c.removals.map((r) =>
          h(
            'tr',
            { 'data-object-id': r.objectId },
            h('td', {}, r.displayName ?? r.objectId),
            h('td', {}, r.email ?? ''),
            h('td', { title: r.reason }, REMOVAL[r.removal]),
            h('td', {}, r.source),
          ),
        ),
      ),
    );
    const button = (label: string, decision: 'approve' | 'reject', className: string) =>
      h(
        'button',
        {
          type: 'button',
          className,
          'aria-label': `${label} ${c.count} removals of ${c.connectionName}`,
          onclick: () => decide(c, decision),
        },
        `${label} ${c.count}`,
      );
    return h(
      'li',
      { className: 'card', 'data-confirmation': c.id },
      h(
        'p',
        {},
        h('strong', {}, c.connectionName),
        ` — ${plural(c.count, 'person', 'people')} would lose access (${c.source}`,
        c.runId ? `, sync run ${c.runId}` : '',
        `), held since ${when(c.openedAt)}; ${c.windowRemovals} of ${c.synced} synced users were already removed in the window.`,
      ),
      people,
      h(
        'div',
        { className: 'buttons' },
        button('Approve', 'approve', 'danger'),
        button('Reject', 'reject', 'secondary'),
      ),
    );
  }

  view.main.append(view.heading('Confirmations'), messages, list);
  await reload();
  view.every(5000, reload);
}
