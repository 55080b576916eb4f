/// <reference lib="dom" />
import { field, h, select, uid } from '../dom';
import { MODULES, PORTAL_ROLES, ROLES, type Account, type Rule, type RuleFields } from '../types';

/** The rule body the API takes for this target: employee fields or contact fields, never both (A5). */
export function ruleBody(rule: RuleFields): RuleFields {
  const common = {
    groupId: rule.groupId,
    order: rule.order,
    target: rule.target,
    transitive: rule.transitive ?? false,
  };
  return rule.target === 'employee'
    ? { ...common, securityRole: rule.securityRole || null, modules: rule.modules ?? [] }
    : {
        ...common,
        accountId: rule.accountId || null,
        portalAccess: rule.portalAccess ?? false,
        portalRole: rule.portalAccess ? rule.portalRole || null : null,
      };
}

export interface RuleForm {
  element: HTMLFormElement;
  read(): RuleFields;
  load(rule: Rule | null): void;
  editing(): Rule | null;
}

/** Add/edit form; the target decides which fieldset is shown (and sent). */
export function ruleForm(
  accounts: Account[],
  nextOrder: () => number,
  extraModules: string[] = [],
): RuleForm {
  const groupId = h('input', { name: 'groupId', required: true, autocomplete: 'off', spellcheck: 'false' });
  const order = h('input', { name: 'order', type: 'number', required: true, step: 1 });
  const target = select({ name: 'target' }, [
    { value: 'employee', label: 'Employee (staff, with a login)' },
    { value: 'contact', label: 'Contact (under a customer account)' },
  ]);
  const transitive = h('input', { type: 'checkbox', name: 'transitive' });
  const roleList = uid('roles');
  const securityRole = h('input', { name: 'securityRole', list: roleList, autocomplete: 'off' });
  // modules a stored rule names beyond B5's seed list keep their checkbox, so editing never drops them
  const modules = [...new Set([...MODULES, ...extraModules])].map((m) =>
    h('input', { type: 'checkbox', name: 'modules', value: m }),
  );
  const account = select({ name: 'accountId' }, [
    { value: '', label: 'Choose an account' },
    ...accounts.map((a) => ({ value: a.id, label: a.name })),
  ]);
  const portalAccess = h('input', { type: 'checkbox', name: 'portalAccess' });
  const portalRole = select({ name: 'portalRole' }, [
    { value: '', label: 'Default' },
    ...PORTAL_ROLES.map((r) => ({ value: r, label: r })),
  ]);
  const legend = h('legend', {}, 'Add a rule');
  const employeeFields = h(
    'fieldset',
    { className: 'sub' },
    h('legend', {}, 'Employee access'),
    field('Security role', securityRole, 'Empty: the employee default'),
    h('datalist', { id: roleList }, ...ROLES.map((r) => h('option', { value: r }))),
    h(
      'fieldset',
      { className: 'modules' },
      h('legend', {}, 'Modules'),
      ...modules.map((m) => field(m.value, m)),
    ),
  );
  const contactFields = h(
    'fieldset',
    { className: 'sub' },
    h('legend', {}, 'Contact access'),
    field('Account', account),
    field('Client-portal access', portalAccess),
    field('Portal role', portalRole),
  );
  const showTarget = () => {
    employeeFields.hidden = target.value !== 'employee';
    contactFields.hidden = target.value !== 'contact';
    account.required = target.value === 'contact';
  };
  target.addEventListener('change', showTarget);
  let current: Rule | null = null;
  const element = h(
    'form',
    { className: 'card', 'aria-label': 'Rule' },
    h(
      'fieldset',
      {},
      legend,
      field(
        'Group object id',
        groupId,
        'The Entra group whose members this rule maps (checked in the tenant)',
      ),
      field('Order', order, 'Lowest order wins; equal order: the oldest rule (S1.2)'),
      field('Target', target),
      field('Include nested groups (transitive membership)', transitive),
      employeeFields,
      contactFields,
    ),
  );
  const form: RuleForm = {
    element,
    editing: () => current,
    read: () => ({
      groupId: groupId.value.trim(),
      order: Number(order.value),
      target: target.value === 'contact' ? 'contact' : 'employee',
      transitive: transitive.checked,
      securityRole: securityRole.value.trim() || null,
      modules: modules.filter((m) => m.checked).map((m) => m.value),
      accountId: account.value || null,
      portalAccess: portalAccess.checked,
      portalRole: portalRole.value || null,
    }),
    load(rule) {
      current = rule;
      legend.textContent = rule ? `Edit rule ${rule.id}` : 'Add a rule';
      groupId.value = rule?.groupId ?? '';
      order.value = String(rule?.order ?? nextOrder());
      target.value = rule?.target ?? 'employee';
      transitive.checked = rule?.transitive ?? false;
      securityRole.value = rule?.securityRole ?? '';
      for (const m of modules) m.checked = rule?.modules.includes(m.value) ?? false;
      account.value = rule?.accountId ?? '';
      portalAccess.checked = rule?.portalAccess ?? false;
      portalRole.value = rule?.portalRole ?? '';
      showTarget();
    },
  };
  form.load(null);
  return form;
}
