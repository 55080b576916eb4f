import { listMirroredGroupMembers, listRules } from '@entra-sync/db';
import { groupMembers } from '@entra-sync/graph';
import type { JobData } from '@entra-sync/queues';
import type { Processor } from '../deps';
import { fanOutUsers } from '../fan-out';
import { isSkipped, withConnection } from '../with-connection';

/**
 * A group changed (Graph does not say how): every user in it now, and every user the mirror last saw in it,
 * gets a user job; a deleted group (404) is one with no members, so every mirrored member is re-read (S8 guards
 * what that removes). Groups no rule can reach are ignored. A group nested in a rule group matters only to
 * transitive rules (S1.1), so with any transitive rule every group counts.
 */
export const groupChanged: Processor<JobData<'groupSync', 'group.changed'>> = async (data, ctx) => {
  const { deps } = ctx;
  const rules = await listRules(deps.db, data.connectionId);
  const ruleOnGroup = rules.filter((rule) => rule.groupId === data.groupId);
  const anyTransitive = rules.some((rule) => rule.transitive);
  if (ruleOnGroup.length === 0 && !anyTransitive) return { skipped: 'no rule reaches this group' };
  const mode = anyTransitive ? 'transitive' : 'direct';

  const result = await withConnection(ctx, data.connectionId, async (_connection, client) => {
    const members = new Set<string>();
    try {
      for await (const page of groupMembers(client, data.groupId, mode)) {
        for (const user of page.items) members.add(user.id);
      }
    } catch (err) {
      // a deleted group (security groups skip the recycle bin) has no members now: its mirrored ones lose it
      if ((err as { statusCode?: number }).statusCode !== 404) throw err;
    }
    return members;
  });
  if (isSkipped(result)) return result;
  for (const id of await listMirroredGroupMembers(deps.db, data.connectionId, data.groupId)) result.add(id);
  const users = await fanOutUsers(deps.producer, data.connectionId, result, 'group-change', data.receivedAt);
  return { users };
};
