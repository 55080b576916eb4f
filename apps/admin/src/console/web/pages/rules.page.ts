/// <reference lib="dom" />
import { all, api, describeError, get } from '../api';
import { announce, h, notice } from '../dom';
import type { View } from '../router';
import type { Account, Connection, PreviewResult, Rule, RuleFields, RuleSaved } from '../types';
import { previewView } from './plan-view';
import { ruleBody, ruleForm, type RuleForm } from './rule-form';
import { ruleItem } from './rule-item';

/** One rules page: the connection's stored rules, the form and what was last previewed. */
interface RulesScreen {
  view: View;
  connectionId: string;
  accounts: Account[];
  state: {
    /** the stored rules as last read */
    rules: Rule[];
    /** the form content the last preview was of; Save needs exactly that (W7) */
    previewed: string | null;
  };
  list: HTMLElement;
  messages: HTMLElement;
  previewOut: HTMLElement;
  form: RuleForm;
  saveButton: HTMLButtonElement;
}

/**
 * Mapping rules of one connection in precedence order (S1.2), with add/edit. Save stays disabled until the
 * exact form content was previewed: the operator sees what a sync would do before it happens.
 */
export async function rulesPage(view: View): Promise<void> {
  const connectionId = view.params.id ?? '';
  const [connection, accounts, stored] = await Promise.all([
    get<Connection>(`/api/connections/${connectionId}`),
    all<Account>('/api/accounts'),
    all<Rule>(`/api/connections/${connectionId}/rules`),
  ]);
  const screen = rulesScreen(view, connectionId, accounts, stored);
  view.main.append(
    view.heading(`Mapping rules — ${connection.name}`),
    h('p', {}, h('a', { href: '#/connections' }, '← Connections'), ` · tenant ${connection.tenant}`),
    screen.messages,
    screen.list,
    h('h2', {}, 'Add or edit'),
    screen.form.element,
    screen.previewOut,
  );
  await reload(screen);
}

/** The page's parts, wired: any edit of the form disables Save until the next preview. */
function rulesScreen(view: View, connectionId: string, accounts: Account[], stored: Rule[]): RulesScreen {
  const state: RulesScreen['state'] = { rules: stored, previewed: null };
  const form = ruleForm(
    accounts,
    () => Math.max(0, ...state.rules.map((r) => r.order)) + 1,
    stored.flatMap((r) => r.modules),
  );
  const previewButton = h('button', { type: 'button' }, 'Preview');
  const saveButton = h('button', { type: 'submit', disabled: true }, 'Save rule');
  const newButton = h('button', { type: 'button', className: 'secondary' }, 'New rule');
  form.element.append(
    h('div', { className: 'buttons' }, previewButton, saveButton, newButton),
    h(
      'p',
      { className: 'hint', id: 'save-hint' },
      'Preview the rule set first; Save applies it and re-evaluates the users.',
    ),
  );
  saveButton.setAttribute('aria-describedby', 'save-hint');
  const screen: RulesScreen = {
    view,
    connectionId,
    accounts,
    state,
    list: h('ol', { className: 'rules', 'aria-label': 'Rules, highest precedence first' }),
    messages: h('div', {}),
    previewOut: h('section', { className: 'preview-out', 'aria-live': 'polite', 'aria-label': 'Preview' }),
    form,
    saveButton,
  };
  form.element.addEventListener('input', () => invalidate(screen));
  form.element.addEventListener('change', () => invalidate(screen));
  previewButton.addEventListener('click', () => {
    if (form.element.reportValidity()) void preview(screen);
  });
  form.element.addEventListener('submit', (event) => {
    event.preventDefault();
    if (screen.state.previewed === JSON.stringify(form.read())) void save(screen);
  });
  newButton.addEventListener('click', () => {
    form.load(null);
    invalidate(screen);
  });
  return screen;
}

function invalidate(screen: RulesScreen): void {
  screen.state.previewed = null;
  screen.saveButton.disabled = true;
}

/** The stored rules with the form's rule in place (edit) or added (new): what Save would leave. */
function proposedRules(screen: RulesScreen): Array<RuleFields & { id?: number }> {
  const draft = ruleBody(screen.form.read());
  const editing = screen.form.editing();
  const kept = screen.state.rules.map((r) => ({ id: r.id, ...ruleBody(r) }));
  return editing
    ? kept.map((r) => (r.id === editing.id ? { id: editing.id, ...draft } : r))
    : [...kept, draft];
}

/** What a sync with the proposed rule set would do; Save is enabled for exactly this form content. */
async function preview(screen: RulesScreen): Promise<void> {
  screen.previewOut.replaceChildren(h('p', {}, 'Previewing…'));
  try {
    const snapshot = JSON.stringify(screen.form.read());
    const result = await api<PreviewResult>('POST', `/api/connections/${screen.connectionId}/rules/preview`, {
      rules: proposedRules(screen),
    });
    screen.previewOut.replaceChildren(h('h2', {}, 'Preview'), previewView(result));
    screen.state.previewed = snapshot;
    screen.saveButton.disabled = false;
    announce('Preview ready; Save is enabled.');
  } catch (err) {
    screen.previewOut.replaceChildren(notice('error', describeError(err)));
  }
}

/** Saves the form's rule (changed or new), then shows the list as stored. */
async function save(screen: RulesScreen): Promise<void> {
  const { form } = screen;
  const editing = form.editing();
  try {
    const saved = editing
      ? await api<RuleSaved>('PATCH', `/api/rules/${editing.id}`, ruleBody(form.read()))
      : await api<RuleSaved>('POST', `/api/connections/${screen.connectionId}/rules`, ruleBody(form.read()));
    const text = `Rule ${saved.id} saved${saved.syncRunId ? '; a sync re-evaluates the users' : ''}.`;
    screen.messages.replaceChildren(notice('ok', text));
    announce(text);
    form.load(null);
    invalidate(screen);
    screen.previewOut.replaceChildren();
    await reload(screen);
  } catch (err) {
    screen.messages.replaceChildren(notice('error', describeError(err)));
  }
}

async function reload(screen: RulesScreen): Promise<void> {
  screen.state.rules = await all<Rule>(`/api/connections/${screen.connectionId}/rules`);
  if (!screen.view.current()) return;
  screen.list.replaceChildren(
    ...screen.state.rules.map((rule) =>
      ruleItem(rule, screen.accounts, { edit: () => edit(screen, rule), remove: () => remove(screen, rule) }),
    ),
  );
  if (screen.state.rules.length === 0)
    screen.list.replaceChildren(h('li', {}, 'No rules yet: nobody is in scope (S1.1).'));
}

function edit(screen: RulesScreen, rule: Rule): void {
  screen.form.load(rule);
  invalidate(screen);
  screen.form.element.querySelector<HTMLInputElement>('input')?.focus();
}

function remove(screen: RulesScreen, rule: Rule): void {
  if (!confirm(`Delete rule ${rule.id}? Its members lose the access it gave (S5.3).`)) return;
  void api('DELETE', `/api/rules/${rule.id}`)
    .then(() => reload(screen))
    .then(() => announce(`Rule ${rule.id} deleted.`))
    .catch((err: unknown) => screen.messages.replaceChildren(notice('error', describeError(err))));
}
