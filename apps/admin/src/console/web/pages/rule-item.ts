/// <reference lib="dom" />
import { h } from '../dom';
import type { Account, Rule } from '../types';

/** One rule as a line: order, group, what it grants, and its Edit and Delete buttons (the page acts). */
export function ruleItem(
  rule: Rule,
  accounts: Account[],
  actions: { edit: () => void; remove: () => void },
): HTMLElement {
  return h(
    'li',
    { 'data-rule': rule.id },
    h('span', { className: 'order' }, `Order ${rule.order}`),
    ' ',
    h('code', {}, rule.groupId),
    ` → ${grants(rule, accounts)}${rule.transitive ? ', nested groups' : ''}`,
    ' ',
    h(
      'button',
      {
        type: 'button',
        className: 'secondary',
        'aria-label': `Edit rule ${rule.id}`,
        onclick: actions.edit,
      },
      'Edit',
    ),
    h(
      'button',
      {
        type: 'button',
        className: 'danger',
        'aria-label': `Delete rule ${rule.id}`,
        onclick: actions.remove,
      },
      'Delete',
    ),
  );
}

function grants(rule: Rule, accounts: Account[]): string {
  return rule.target === 'employee'
    ? `employee — role ${rule.securityRole ?? 'default'}, modules ${rule.modules.length > 0 ? rule.modules.join(', ') : 'default'}`
    : `contact under ${accounts.find((a) => a.id === rule.accountId)?.name ?? rule.accountId} — ${rule.portalAccess ? `portal access (${rule.portalRole ?? 'default role'})` : 'no portal access'}`;
}
