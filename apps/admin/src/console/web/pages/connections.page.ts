/// <reference lib="dom" />
import { all, api, describeError } from '../api';
import { announce, field, h, notice, table } from '../dom';
import { countdown, when } from '../format';
import type { View } from '../router';
import type { Connection } from '../types';
import { SyncProgress } from './sync-progress';

const STATUS_TEXT: Record<Connection['status'], string> = {
  connected: 'Connected',
  failing: 'Failing',
  disabled: 'Disabled',
  pending: 'Pending (awaiting admin consent)',
};

/** Connections: status, last error, the S7.3 reconnect countdown, Sync with live progress, consent, add. */
export async function connectionsPage(view: View): Promise<void> {
  const messages = h('div', {});
  const consented = view.query.get('consented');
  const list = h('div', {});
  const progress = new SyncProgress(view.every);
  view.main.append(view.heading('Connections'), messages, list, progress.element, addForm(messages, reload));

  let connections: Connection[] = [];
  async function reload(): Promise<void> {
    connections = await all<Connection>('/api/connections');
    if (!view.current()) return;
    list.replaceChildren(connectionTable(connections, { progress, messages, reload }));
    tick();
  }
  function tick(): void {
    list.querySelectorAll<HTMLElement>('[data-retry-at]').forEach((el) => {
      const left = Date.parse(el.dataset.retryAt ?? '') - Date.now();
      el.textContent = left > 0 ? `Reconnects in ${countdown(left)}` : 'Reconnecting now…';
    });
  }
  await reload();
  if (consented) {
    const name = connections.find((c) => c.id === consented)?.name ?? consented;
    messages.replaceChildren(notice('ok', `Admin consent granted: ${name} is connected.`));
  }
  view.every(1000, tick);
  view.every(15_000, () => reload().catch(() => undefined));
}

interface RowActions {
  progress: SyncProgress;
  messages: HTMLElement;
  reload: () => Promise<void>;
}

function connectionTable(connections: Connection[], actions: RowActions): HTMLElement {
  if (connections.length === 0) return notice('info', 'No connections yet: add the first tenant below.');
  const rows = connections.map((c) =>
    h(
      'tr',
      { 'data-connection': c.id },
      h('th', { scope: 'row' }, c.name),
      h(
        'td',
        {},
        c.tenant,
        c.tenantId && c.tenantId !== c.tenant ? h('div', { className: 'hint' }, c.tenantId) : null,
      ),
      h(
        'td',
        {},
        h('span', { className: `badge ${c.status}` }, STATUS_TEXT[c.status]),
        c.status === 'failing' && c.nextRetryAt
          ? h('div', {
              className: 'countdown',
              'data-retry-at': c.nextRetryAt,
              role: 'timer',
              'aria-live': 'off',
            })
          : null,
      ),
      h('td', { 'data-staff-tenant': String(c.staffTenant) }, directoryText(c)),
      h('td', {}, when(c.lastSyncAt)),
      c.lastError ? h('td', { className: 'error-text' }, c.lastError) : h('td', {}, '—'),
      h('td', { className: 'actions' }, ...rowButtons(c, actions)),
    ),
  );
  return table(
    'Entra tenants this installation reads',
    ['Name', 'Tenant', 'Status', 'Directory', 'Last sync', 'Last error', 'Actions'],
    rows,
  );
}

/** S3.4: what the connection may take. */
const directoryText = (c: Connection): string =>
  c.staffTenant
    ? 'Staff tenant: employees and its accounts’ contacts'
    : 'Customer tenant: its accounts’ contacts';

function rowButtons(c: Connection, actions: RowActions): HTMLElement[] {
  const act = (label: string, run: () => Promise<void>, className = 'secondary') =>
    h(
      'button',
      {
        type: 'button',
        className,
        'aria-label': `${label}: ${c.name}`,
        onclick: () =>
          void run().catch((err: unknown) =>
            actions.messages.replaceChildren(notice('error', `${c.name}: ${describeError(err)}`)),
          ),
      },
      label,
    );
  const buttons = [
    act('Sync', () => actions.progress.start(c), ''),
    act('Test', async () => {
      await api('POST', `/api/connections/${c.id}/test`).finally(() => void actions.reload());
      actions.messages.replaceChildren(notice('ok', `${c.name}: the credentials work.`));
      announce(`${c.name}: the credentials work.`);
    }),
    h(
      'a',
      { href: `#/connections/${c.id}/rules`, className: 'button', 'aria-label': `Mapping rules: ${c.name}` },
      'Rules',
    ),
    act('Grant admin consent', async () => {
      const { url } = await api<{ url: string }>('GET', `/api/connections/${c.id}/consent`);
      location.assign(url);
    }),
  ];
  const marking = !c.staffTenant;
  buttons.push(
    act(marking ? 'Mark as staff tenant' : 'Unmark staff tenant', async () => {
      const question = marking
        ? `Mark ${c.name} as the staff tenant? Its users may then become, merge with or archive employees.`
        : `Unmark ${c.name}? It will no longer sync employees.`;
      if (!confirm(question)) return;
      await api('PATCH', `/api/connections/${c.id}`, { staffTenant: marking });
      await actions.reload();
      announce(`${c.name} ${marking ? 'marked as the staff tenant' : 'is a customer tenant now'}.`);
    }),
  );
  const next = c.status === 'disabled' ? 'connected' : 'disabled';
  buttons.push(
    act(next === 'disabled' ? 'Disable' : 'Enable', async () => {
      await api('PATCH', `/api/connections/${c.id}`, { status: next });
      await actions.reload();
      announce(`${c.name} ${next === 'disabled' ? 'disabled' : 'enabled'}.`);
    }),
  );
  return buttons;
}

function addForm(messages: HTMLElement, reload: () => Promise<void>): HTMLElement {
  const input = (name: string, type = 'text') =>
    h('input', { name, type, required: true, autocomplete: 'off' });
  const name = input('name');
  const tenant = input('tenant');
  const clientId = input('clientId');
  const clientSecret = input('clientSecret', 'password');
  const staffTenant = h('input', { name: 'staffTenant', type: 'checkbox' });
  const body = () => ({
    name: name.value,
    tenant: tenant.value,
    clientId: clientId.value,
    clientSecret: clientSecret.value,
    staffTenant: staffTenant.checked,
  });
  const out = h('div', {});
  const form = h(
    'form',
    { className: 'card' },
    field('Name', name),
    field('Tenant', tenant, 'Tenant id (GUID) or domain, e.g. contoso.onmicrosoft.com'),
    field('Application (client) id', clientId),
    field('Client secret', clientSecret, 'Stored encrypted; never shown again.'),
    field(
      'Staff tenant',
      staffTenant,
      "The MSP's own directory: only a staff tenant's users become, merge with or archive employees (S3.4).",
    ),
    h(
      'div',
      { className: 'buttons' },
      h('button', { type: 'submit', value: 'app' }, 'Add and check the credentials'),
      h(
        'button',
        { type: 'submit', value: 'delegated', className: 'secondary' },
        'Add and grant admin consent',
      ),
    ),
    out,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const delegated = (event.submitter as HTMLButtonElement | null)?.value === 'delegated';
    void (async () => {
      out.replaceChildren();
      try {
        if (delegated) {
          const created = await api<{ consent: { url: string } }>(
            'POST',
            '/api/connections/delegated',
            body(),
          );
          location.assign(created.consent.url);
          return;
        }
        const created = await api<Connection>('POST', '/api/connections', body());
        form.reset();
        messages.replaceChildren(notice('ok', `${created.name} added and connected.`));
        await reload();
      } catch (err) {
        out.replaceChildren(notice('error', describeError(err)));
      }
    })();
  });
  return h('details', { className: 'add' }, h('summary', {}, 'Add a connection'), form);
}
