/// <reference lib="dom" />
import { api, describeError, get } from '../api';
import { announce, field, h, notice, uid } from '../dom';
import type { View } from '../router';
import { MODULES, ROLES, type EmployeeDefaults } from '../types';

const TEXT_FIELDS: Array<[keyof EmployeeDefaults, string, string?]> = [
  ['firstName', 'First name', 'Used when the directory has none (S2.3)'],
  ['lastName', 'Last name'],
  ['department', 'Department'],
  ['location', 'Location / site'],
  ['timeZone', 'Time zone', 'IANA name, e.g. Europe/Berlin'],
  ['securityRole', 'Security role', 'For employee rules that name none'],
];

/** S2.3 employee defaults: the values mandatory employee fields take when the directory leaves them empty. */
export async function defaultsPage(view: View): Promise<void> {
  const current = await get<EmployeeDefaults>('/api/employee-defaults');
  const zones = uid('zones');
  const roles = uid('roles');
  const inputs = new Map<keyof EmployeeDefaults, HTMLInputElement>();
  for (const [key] of TEXT_FIELDS) {
    const value = current[key];
    inputs.set(
      key,
      h('input', {
        name: key,
        value: typeof value === 'string' ? value : '',
        autocomplete: 'off',
        list: key === 'timeZone' ? zones : key === 'securityRole' ? roles : undefined,
      }),
    );
  }
  const modules = [...new Set([...MODULES, ...current.modules])].map((m) =>
    h('input', { type: 'checkbox', name: 'modules', value: m, checked: current.modules.includes(m) }),
  );
  const out = h('div', {});
  const form = h(
    'form',
    { className: 'card', 'aria-label': 'Employee defaults' },
    ...TEXT_FIELDS.map(([key, label, hint]) => field(label, inputs.get(key) as HTMLInputElement, hint)),
    h('datalist', { id: zones }, ...timeZones().map((z) => h('option', { value: z }))),
    h('datalist', { id: roles }, ...ROLES.map((r) => h('option', { value: r }))),
    h(
      'fieldset',
      { className: 'modules' },
      h('legend', {}, 'Modules'),
      ...modules.map((m) => field(m.value, m)),
    ),
    h('button', { type: 'submit' }, 'Save defaults'),
    out,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body: Record<string, unknown> = { modules: modules.filter((m) => m.checked).map((m) => m.value) };
    for (const [key, input] of inputs) body[key] = input.value.trim() || null;
    void api<EmployeeDefaults & { syncRunIds: string[] }>('PUT', '/api/employee-defaults', body)
      .then((saved) => {
        const text = `Defaults saved; ${saved.syncRunIds.length} connection sync(s) re-evaluate the employees (D19).`;
        out.replaceChildren(notice('ok', text));
        announce(text);
      })
      .catch((err: unknown) => out.replaceChildren(notice('error', describeError(err))));
  });
  view.main.append(
    view.heading('Employee defaults'),
    h(
      'p',
      {},
      'Mandatory employee fields the directory leaves empty take these values. Saving re-evaluates every employee.',
    ),
    form,
  );
}

function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  return (
    intl.supportedValuesOf?.('timeZone') ?? ['UTC', 'Europe/London', 'Europe/Berlin', 'America/New_York']
  );
}
