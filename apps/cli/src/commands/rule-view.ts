import type { Rule } from '../api-types';
import { cell, table } from '../output/table';

/** Rules in the order the API gives them (S1.2 precedence: order, then age, then id). */
export function rulesTable(rules: readonly Rule[]): string {
  return table(
    ['id', 'order', 'group', 'target', 'access', 'transitive'],
    rules.map((r) => [
      String(r.id),
      String(r.order),
      r.groupId,
      r.target,
      access(r),
      r.transitive ? 'yes' : 'no',
    ]),
  );
}

function access(rule: Rule): string {
  if (rule.target === 'contact') {
    const portal = rule.portalAccess
      ? `portal${rule.portalRole ? ` (${rule.portalRole})` : ''}`
      : 'no portal';
    return cell(`account ${rule.accountId ?? '-'}, ${portal}`, 80);
  }
  const modules = rule.modules.length > 0 ? rule.modules.join(',') : 'default modules';
  return cell(`${rule.securityRole ?? 'default role'}, ${modules}`, 80);
}
