import type { Db, RuleInput } from '@entra-sync/db';
import { getGroup, type GraphClient, type GraphFailure } from '@entra-sync/graph';
import { checkAccount, checkCatalog, type Invalid } from './catalog-checks';
import { safeFailure } from './graph-access';

/** A rule's own consistency: what its target takes and needs (S0, D5: a contact rule needs its account). */
export function checkRuleShape(rule: RuleInput, at = ''): Invalid[] {
  const field = (name: string) => `${at}${name}`;
  const problems: Invalid[] = [];
  if (rule.target === 'contact') {
    if (!rule.accountId)
      problems.push({
        field: field('accountId'),
        message: 'a contact rule needs the account its contacts live under',
      });
    if (rule.securityRole)
      problems.push({ field: field('securityRole'), message: 'applies to employee rules only' });
    if ((rule.modules ?? []).length > 0)
      problems.push({ field: field('modules'), message: 'applies to employee rules only' });
  } else {
    if (rule.accountId)
      problems.push({ field: field('accountId'), message: 'applies to contact rules only' });
    if (rule.portalAccess)
      problems.push({ field: field('portalAccess'), message: 'applies to contact rules only' });
    if (rule.portalRole)
      problems.push({ field: field('portalRole'), message: 'applies to contact rules only' });
  }
  return problems;
}

/** Shape, account and catalog: everything a rule needs from our own database. */
export async function checkRule(db: Db, rule: RuleInput, at = ''): Promise<Invalid[]> {
  const shape = checkRuleShape(rule, at);
  if (shape.length > 0) return shape;
  return [
    ...(await checkAccount(db, rule.accountId, `${at}accountId`)),
    ...(await checkCatalog(
      db,
      {
        roles: [
          { field: `${at}securityRole`, value: rule.securityRole },
          { field: `${at}portalRole`, value: rule.portalRole },
        ],
        modules: rule.modules ?? [],
      },
      `${at}modules`,
    )),
  ];
}

export type GroupCheck =
  | { kind: 'exists'; displayName: string | null }
  | { kind: 'missing' }
  | { kind: 'unreachable'; failure: GraphFailure };

/** S7.4: the group must exist in the connection's tenant. Graph rejecting a malformed id means it does not. */
export async function checkGroup(client: GraphClient, groupId: string): Promise<GroupCheck> {
  try {
    const group = await getGroup(client, groupId);
    return group ? { kind: 'exists', displayName: group.displayName } : { kind: 'missing' };
  } catch (err) {
    const failure = safeFailure(err);
    if (failure.kind === 'permanent' && failure.status === 400) return { kind: 'missing' };
    return { kind: 'unreachable', failure };
  }
}
