/// <reference lib="dom" />
import { all, api, describeError, get } from '../api';
import { announce, h, notice } from '../dom';
import type { View } from '../router';
import type { Account, Connection, PreviewResult, Rule, RuleFields } from '../types';
import { previewView } from './plan-view';
import { ruleBody, ruleForm } from './rule-form';

/**
 * Mapping rules of one connection in precedence order (S1.2), with add/edit. Save stays disabled until the
 * exact form content was previewed: the operator sees what a sync would do before it happens.
 */
export async function rulesPage(view: View): Promise<void> {
  const id = view.params.id ?? '';
  const [connection, accounts, stored] = await Promise.all([
    get<Connection>(`/api/connections/${id}`),
    all<Account>('/api/accounts'),
    all<Rule>(`/api/connections/${id}/rules`),
  ]);
  let rules: Rule[] = stored;
  const list = h('ol', { className: 'rules', 'aria-label': 'Rules, highest precedence first' });
  const messages = h('div', {});
  const previewOut = h('section', {
    className: 'preview-out',
    'aria-live': 'polite',
    'aria-label': 'Preview',
  });
  const form = ruleForm(
    accounts,
    () => Math.max(0, ...rules.map((r) => r.order)) + 1,
    stored.flatMap((r) => r.modules),
  );
  const previewButton = h('button', { type: 'button' }, 'Preview');
  const saveButton = h('button', { type: 'submit', disabled: true }, 'Save rule');
  const cancelButton = h('button', { type: 'button', className: 'secondary' }, 'New rule');
  form.element.append(
    h('div', { className: 'buttons' }, previewButton, saveButton, cancelButton),
    h(
      'p',
      { className: 'hint', id: 'save-hint' },
      'Preview the rule set first; Save applies it and re-evaluates the users.',
    ),
  );
  saveButton.setAttribute('aria-describedby', 'save-hint');

  let previewed: string | null = null;
  const invalidate = () => {
    previewed = null;
    saveButton.disabled = true;
  };
  form.element.addEventListener('input', invalidate);
  form.element.addEventListener('change', invalidate);

  /** The stored rules with the form's rule in place (edit) or added (new): what Save would leave. */
  const proposed = (): Array<RuleFields & { id?: number }> => {
    const draft = ruleBody(form.read());
    const editing = form.editing();
    const kept = rules.map((r) => ({ id: r.id, ...ruleBody(r) }));
    return editing
      ? kept.map((r) => (r.id === editing.id ? { id: editing.id, ...draft } : r))
      : [...kept, draft];
  };

  previewButton.addEventListener('click', () => {
    if (!form.element.reportValidity()) return;
    void (async () => {
      previewOut.replaceChildren(h('p', {}, 'Previewing…'));
      try {
        const snapshot = JSON.stringify(form.read());
        const result = await api<PreviewResult>('POST', `/api/connections/${id}/rules/preview`, {
          rules: proposed(),
        });
        previewOut.replaceChildren(h('h2', {}, 'Preview'), previewView(result));
        previewed = snapshot;
        saveButton.disabled = false;
        announce('Preview ready; Save is enabled.');
      } catch (err) {
        previewOut.replaceChildren(notice('error', describeError(err)));
      }
    })();
  });

  form.element.addEventListener('submit', (event) => {
    event.preventDefault();
    if (previewed !== JSON.stringify(form.read())) return;
    void (async () => {
      const editing = form.editing();
      try {
        const saved = editing
          ? await api<Rule & { syncRunId: string | null }>(
              'PATCH',
              `/api/rules/${editing.id}`,
              ruleBody(form.read()),
            )
          : await api<Rule & { syncRunId: string | null }>(
              'POST',
              `/api/connections/${id}/rules`,
              ruleBody(form.read()),
            );
        const text = `Rule ${saved.id} saved${saved.syncRunId ? '; a sync re-evaluates the users' : ''}.`;
        messages.replaceChildren(notice('ok', text));
        announce(text);
        form.load(null);
        invalidate();
        previewOut.replaceChildren();
        await reload();
      } catch (err) {
        messages.replaceChildren(notice('error', describeError(err)));
      }
    })();
  });
  cancelButton.addEventListener('click', () => {
    form.load(null);
    invalidate();
  });

  async function reload(): Promise<void> {
    rules = await all<Rule>(`/api/connections/${id}/rules`);
    if (!view.current()) return;
    list.replaceChildren(...rules.map((rule) => ruleItem(rule)));
    if (rules.length === 0) list.replaceChildren(h('li', {}, 'No rules yet: nobody is in scope (S1.1).'));
  }

  function ruleItem(rule: Rule): HTMLElement {
    const access =
      rule.target === 'employee'
        ? `employee — role ${rule.securityRole ?? 'default'}, modules ${rule.modules.length > 0 ? rule.modules.join(', ') : 'default'}`
        : `contact under ${accounts.find((a) => a.id === rule.accountId)?.name ?? rule.accountId} — ${rule.portalAccess ? `portal access (${rule.portalRole ?? 'default role'})` : 'no portal access'}`;
    return h(
      'li',
      { 'data-rule': rule.id },
      h('span', { className: 'order' }, `Order ${rule.order}`),
      ' ',
      h('code', {}, rule.groupId),
      ` → ${access}${rule.transitive ? ', nested groups' : ''}`,
      ' ',
      h(
        'button',
        {
          type: 'button',
          className: 'secondary',
          'aria-label': `Edit rule ${rule.id}`,
          onclick: () => {
            form.load(rule);
            invalidate();
            form.element.querySelector<HTMLInputElement>('input')?.focus();
          },
        },
        'Edit',
      ),
      h(
        'button',
        {
          type: 'button',
          className: 'danger',
          'aria-label': `Delete rule ${rule.id}`,
          onclick: () => {
            if (!confirm(`Delete rule ${rule.id}? Its members lose the access it gave (S5.3).`)) return;
            void api('DELETE', `/api/rules/${rule.id}`)
              .then(() => reload())
              .then(() => announce(`Rule ${rule.id} deleted.`))
              .catch((err: unknown) => messages.replaceChildren(notice('error', describeError(err))));
          },
        },
        'Delete',
      ),
    );
  }

  view.main.append(
    view.heading(`Mapping rules — ${connection.name}`),
    h('p', {}, h('a', { href: '#/connections' }, '← Connections'), ` · tenant ${connection.tenant}`),
    messages,
    list,
    h('h2', {}, 'Add or edit'),
    form.element,
    previewOut,
  );
  await reload();
}
