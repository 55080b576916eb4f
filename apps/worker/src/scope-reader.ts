import type { MappingRule } from '@entra-sync/domain';
import { groupMembers, type GraphClient } from '@entra-sync/graph';
import { ScopeStore } from './scope-store';
import { retryThrottled } from './throttle-patience';

export type { PresentObservation } from './scope-store';

/**
 * Everyone in scope of a connection (S1.1) with their S2 fields, read group by group, 999 users a page —
 * never one request per user — into a compact store (a page is dropped once its users are added). Group ids
 * in the observations are limited to rule groups, which is all the planner looks at.
 */
export async function readScope(
  client: GraphClient,
  rules: readonly MappingRule[],
  observedAt: Date,
): Promise<ScopeStore> {
  const users = new ScopeStore(observedAt);
  const groups = new Map<string, boolean>();
  for (const rule of rules) groups.set(rule.groupId, (groups.get(rule.groupId) ?? false) || rule.transitive);

  // one group at a time, each waited out in process when throttled, so a storm cannot starve the whole read
  const read = (groupId: string, mode: 'direct' | 'transitive') =>
    retryThrottled(async () => {
      const membership = users.membership(groupId, mode === 'direct');
      for await (const page of groupMembers(client, groupId, mode)) {
        for (const member of page.items) users.add(member.id, member.user, membership);
      }
    });
  for (const [groupId, transitive] of groups) {
    await read(groupId, 'direct');
    if (transitive) await read(groupId, 'transitive');
  }
  return users;
}
