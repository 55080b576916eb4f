/// <reference lib="dom" />
import { all, get, query, type Page } from '../api';
import { field, h, notice, select, table } from '../dom';
import { fullName, when } from '../format';
import { navigate, type View } from '../router';
import type { Account, Connection, PersonRecord } from '../types';

export type RecordKind = 'employees' | 'contacts';

const STATUSES: Record<RecordKind, string[]> = {
  employees: ['active', 'inactive', 'archived'],
  contacts: ['active', 'inactive'],
};
const PAGE = 50;
/** pages read at most per screen when filtering by source, which the API does not filter on */
const MAX_SCAN = 20;

/** Contacts or employees: search by e-mail, filter by status (API) and source (synced, local, a connection). */
export function recordsPage(kind: RecordKind) {
  return async (view: View): Promise<void> => {
    const [connections, accounts] = await Promise.all([
      all<Connection>('/api/connections'),
      kind === 'contacts' ? all<Account>('/api/accounts') : Promise.resolve([] as Account[]),
    ]);
    const names = new Map(connections.map((c) => [c.id, c.name]));
    const email = h('input', {
      type: 'search',
      name: 'email',
      value: view.query.get('email') ?? '',
      autocomplete: 'off',
    });
    const status = select(
      { name: 'status' },
      [{ value: '', label: 'Any status' }, ...STATUSES[kind].map((s) => ({ value: s, label: s }))],
      view.query.get('status'),
    );
    const source = select(
      { name: 'source' },
      [
        { value: '', label: 'Any source' },
        { value: 'synced', label: 'Synced from Entra' },
        { value: 'local', label: 'Local (not synced)' },
        ...connections.map((c) => ({ value: `connection:${c.id}`, label: `From ${c.name}` })),
      ],
      view.query.get('source'),
    );
    const filters = h(
      'form',
      { role: 'search', className: 'filters', 'aria-label': `Search ${kind}` },
      field('E-mail', email, 'Exact address, any case'),
      field('Status', status),
      field('Source', source),
      h('button', { type: 'submit' }, 'Search'),
    );
    filters.addEventListener('submit', (event) => {
      event.preventDefault();
      navigate(
        `#/${kind}${query({ email: email.value.trim(), status: status.value, source: source.value })}`,
      );
    });

    const wanted = sourceFilter(view.query.get('source') ?? '');
    const results = h('div', {});
    const more = h('button', { type: 'button', className: 'secondary', hidden: true }, 'Load more');
    const rows: HTMLTableRowElement[] = [];
    let cursor: string | null = null;
    const load = async () => {
      const found: PersonRecord[] = [];
      // the source filter runs here, so read on until a screenful matched or the list ended
      for (let i = 0; i < MAX_SCAN && found.length < PAGE; i += 1) {
        const page: Page<PersonRecord> = await get<Page<PersonRecord>>(
          `/api/${kind}${query({ email: view.query.get('email'), status: view.query.get('status'), limit: PAGE, cursor })}`,
        );
        found.push(...page.items.filter(wanted));
        cursor = page.nextCursor;
        if (!cursor) break;
      }
      rows.push(...found.map((r) => recordRow(kind, r, names, accounts)));
      results.replaceChildren(
        rows.length > 0
          ? table(
              `${kind === 'employees' ? 'Employees' : 'Contacts'} (${rows.length}${cursor ? '+' : ''})`,
              [
                'Name',
                'E-mail',
                'Username',
                'Status',
                kind === 'employees' ? 'Role and modules' : 'Account and portal',
                'Source',
                'Updated',
              ],
              rows,
            )
          : notice('info', 'Nobody matches these filters.'),
      );
      more.hidden = cursor === null;
    };
    more.addEventListener('click', () => void load());
    view.main.append(view.heading(kind === 'employees' ? 'Employees' : 'Contacts'), filters, results, more);
    await load();
  };
}

function sourceFilter(source: string): (r: PersonRecord) => boolean {
  if (source === 'synced') return (r) => r.source !== null;
  if (source === 'local') return (r) => r.source === null;
  if (source.startsWith('connection:')) {
    const id = source.slice('connection:'.length);
    return (r) => r.source?.connectionId === id;
  }
  return () => true;
}

function recordRow(
  kind: RecordKind,
  r: PersonRecord,
  connections: Map<string, string>,
  accounts: Account[],
): HTMLTableRowElement {
  const access =
    kind === 'employees'
      ? `${r.securityRole ?? 'no login'}${r.modules && r.modules.length > 0 ? ` — ${r.modules.join(', ')}` : ''}`
      : `${accounts.find((a) => a.id === r.accountId)?.name ?? r.accountId ?? ''} — ${r.portalAccess ? `portal (${r.portalRole ?? 'default'})` : 'no portal'}`;
  return h(
    'tr',
    { 'data-record': r.id },
    h('th', { scope: 'row' }, h('a', { href: `#/${kind}/${r.id}` }, fullName(r)), r.isRoot ? ' (root)' : ''),
    h('td', {}, r.email ?? '—'),
    h('td', {}, r.username ?? '—'),
    h('td', {}, h('span', { className: `badge ${r.status}` }, r.status)),
    h('td', {}, access),
    h('td', {}, r.source ? (connections.get(r.source.connectionId) ?? 'synced') : 'local'),
    h('td', {}, when(r.updatedAt)),
  );
}
