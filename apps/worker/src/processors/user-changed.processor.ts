import type { JobData } from '@entra-sync/queues';
import type { Processor } from '../deps';
import { isSkipped, withConnection } from '../with-connection';

/**
 * "User X of connection C changed": read the user and its groups from Graph now and plan and apply them, each step
 * shared with the other jobs ready at the same moment (P5: one $batch for up to 6 users, one transaction; see
 * observeUser under throttling). 404 → deleted (S5.1). Ordering and duplicates are safe (S4.4, S4.5).
 */
export const userChanged: Processor<JobData<'userSync', 'user.changed'>> = async (data, ctx) => {
  const { deps } = ctx;
  const result = await withConnection(ctx, data.connectionId, async (_connection, client) => {
    const observation = await deps.users.observe(data.connectionId, client, data.objectId);
    return deps.users.apply({
      connectionId: data.connectionId,
      actor: `sync:${data.source}`,
      user: { observation, trigger: data.trigger },
    });
  });
  if (isSkipped(result)) return result;
  if (result.changed) deps.observeLatency?.((deps.now().getTime() - data.receivedAt) / 1000);
  return { outcome: result.plan.outcome, recordId: result.recordId };
};
