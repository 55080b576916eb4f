/// <reference lib="dom" />
import { describeError, get, query, type Page } from '../api';
import { h, notice, table } from '../dom';
import { fullName, when } from '../format';
import type { View } from '../router';
import type { AuditEntry, Connection, Explanation, PersonRecord } from '../types';
import { explainView } from './explain-view';
import type { RecordKind } from './records.page';

const FIELDS: Array<[keyof PersonRecord, string]> = [
  ['email', 'E-mail'],
  ['username', 'Username'],
  ['status', 'Status'],
  ['jobTitle', 'Job title'],
  ['officePhone', 'Office phone'],
  ['mobilePhone', 'Mobile phone'],
  ['department', 'Department'],
  ['location', 'Location'],
  ['timeZone', 'Time zone'],
  ['securityRole', 'Security role'],
  ['modules', 'Modules'],
  ['portalAccess', 'Portal access'],
  ['portalRole', 'Portal role'],
  ['loginEnabled', 'Login enabled'],
];

/** One employee or contact: its fields, its audit trail (S6.4) and, on demand, the explain answer. */
export function recordPage(kind: RecordKind) {
  return async (view: View): Promise<void> => {
    const id = view.params.id ?? '';
    const record = await get<PersonRecord>(`/api/${kind}/${id}`);
    const connection = record.source
      ? await get<Connection>(`/api/connections/${record.source.connectionId}`).catch(() => null)
      : null;
    const audit = await get<Page<AuditEntry>>(`/api/audit${query({ recordId: id, limit: 50 })}`);
    const explainOut = h('div', { 'aria-live': 'polite' });
    const explainButton = h('button', { type: 'button' }, 'Explain access');
    explainButton.addEventListener('click', () => {
      if (!record.email) {
        explainOut.replaceChildren(notice('info', 'This record has no e-mail to explain.'));
        return;
      }
      explainOut.replaceChildren(h('p', {}, 'Explaining…'));
      get<Explanation>(`/api/explain${query({ email: record.email })}`)
        .then((result) => explainOut.replaceChildren(explainView(result)))
        .catch((err: unknown) => explainOut.replaceChildren(notice('error', describeError(err))));
    });

    const details = h(
      'dl',
      { className: 'fields' },
      ...FIELDS.filter(([key]) => key in record).flatMap(([key, label]) => [
        h('dt', {}, label),
        h('dd', {}, show(record[key])),
      ]),
    );
    view.main.append(
      view.heading(fullName(record)),
      h('p', {}, h('a', { href: `#/${kind}` }, `← ${kind === 'employees' ? 'Employees' : 'Contacts'}`)),
      h(
        'p',
        {},
        `${kind === 'employees' ? 'Employee' : 'Contact'}${record.isRoot ? ' (root, never changed by sync)' : ''} · `,
        record.source
          ? `synced from ${connection?.name ?? record.source.connectionId} (object ${record.source.objectId})`
          : 'local record',
        ` · updated ${when(record.updatedAt)}`,
      ),
      details,
      h('h2', {}, 'Why this access?'),
      explainButton,
      explainOut,
      h('h2', {}, 'Audit trail'),
      audit.items.length > 0
        ? table(
            'Newest first',
            ['When', 'Actor', 'Action', 'Reason', 'Changes'],
            audit.items.map((e) =>
              h(
                'tr',
                {},
                h('td', {}, when(e.at)),
                h('td', {}, e.actor),
                h('th', { scope: 'row' }, e.action),
                h('td', {}, e.reason),
                h('td', {}, changes(e)),
              ),
            ),
          )
        : h('p', {}, 'No audit entries.'),
    );
  };
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length > 0 ? value.join(', ') : '—';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

function changes(entry: AuditEntry): string {
  const after = (entry.after ?? {}) as Record<string, unknown>;
  const before = (entry.before ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys
    .map((k) => [k, JSON.stringify(before[k] ?? null), JSON.stringify(after[k] ?? null)] as const)
    .filter(([, from, to]) => from !== to)
    .map(([k, from, to]) => `${k}: ${from} → ${to}`)
    .join('; ');
}
