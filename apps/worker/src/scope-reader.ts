import type { DirectoryObservation, DirectoryUserFields, MappingRule } from '@entra-sync/domain';
import { groupMembers, type GraphClient } from '@entra-sync/graph';
import { retryThrottled } from './throttle-patience';

export type PresentObservation = Extract<DirectoryObservation, { state: 'present' }>;

/**
 * Everyone in scope of a connection (S1.1) with their S2 fields, read group by group, 999 users a page —
 * never one request per user. Group ids in the observations are limited to rule groups, which is all the
 * planner looks at.
 */
export async function readScope(
  client: GraphClient,
  rules: readonly MappingRule[],
  observedAt: Date,
): Promise<Map<string, PresentObservation>> {
  const users = new Map<string, PresentObservation>();
  const groups = new Map<string, boolean>();
  for (const rule of rules) groups.set(rule.groupId, (groups.get(rule.groupId) ?? false) || rule.transitive);

  const add = (id: string, fields: DirectoryUserFields, groupId: string, direct: boolean) => {
    let observation = users.get(id);
    if (!observation) {
      observation = {
        state: 'present',
        objectId: id,
        observedAt,
        user: fields,
        directGroupIds: [],
        transitiveGroupIds: [],
      };
      users.set(id, observation);
    }
    if (direct && !observation.directGroupIds.includes(groupId))
      (observation.directGroupIds as string[]).push(groupId);
    if (!observation.transitiveGroupIds.includes(groupId))
      (observation.transitiveGroupIds as string[]).push(groupId);
  };

  // one group at a time, each waited out in process when throttled, so a storm cannot starve the whole read
  const read = (groupId: string, mode: 'direct' | 'transitive') =>
    retryThrottled(async () => {
      for await (const page of groupMembers(client, groupId, mode)) {
        for (const member of page.items) add(member.id, member.user, groupId, mode === 'direct');
      }
    });
  for (const [groupId, transitive] of groups) {
    await read(groupId, 'direct');
    if (transitive) await read(groupId, 'transitive');
  }
  return users;
}
