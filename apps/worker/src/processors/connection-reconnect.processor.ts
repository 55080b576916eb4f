import { classifyPostgresError, getConnection, updateConnection } from '@entra-sync/db';
import { classifyGraphError, getOrganization } from '@entra-sync/graph';
import type { JobData } from '@entra-sync/queues';
import { scrubSecrets } from '@entra-sync/telemetry';
import type { Processor } from '../deps';

/**
 * S7.3: a failing connection is probed every RECONNECT_SECONDS (this job's schedule, once per tick). When Graph answers again it
 * is marked connected and a delta pass catches up what it missed; its waiting jobs resume on their own.
 */
export const reconnect: Processor<JobData<'connectionHealth', 'connection.reconnect'>> = async (
  data,
  ctx,
) => {
  const { db, box, graph, now, env, producer } = ctx.deps;
  const connection = await getConnection(db, data.connectionId);
  if (!connection) return { skipped: 'connection no longer exists' };
  if (connection.status !== 'failing' && connection.status !== 'pending')
    return { status: connection.status };
  // Every tick probes. Waiting for nextRetryAt here would skip the tick that comes just before it (the failure was
  // recorded a moment after the previous tick) and stretch the period to two; nextRetryAt is for the waiting jobs.
  graph.forget(connection.id);
  try {
    const client = await graph.get(connection.id, connection.updatedAt);
    const organization = await getOrganization(client);
    await updateConnection(db, box, connection.id, {
      status: 'connected',
      lastError: null,
      nextRetryAt: null,
      tenantId: connection.tenantId ?? organization.tenantId,
    });
    await producer.add('delta', 'delta.run', { connectionId: connection.id });
    await producer.add('subscriptions', 'subscriptions.ensure', { connectionId: connection.id });
    ctx.log.info({ connectionId: connection.id }, 'connection recovered; catching up with a delta pass');
    return { status: 'connected' };
  } catch (err) {
    if (classifyPostgresError(err)) throw err; // F1: not the connection's failure; runJob judges it
    const failure = classifyGraphError(err);
    const nextRetryAt = new Date(now().getTime() + env.RECONNECT_SECONDS * 1000);
    const lastError = scrubSecrets(`${failure.code}: ${failure.message}`).slice(0, 1000);
    await updateConnection(db, box, connection.id, { status: 'failing', lastError, nextRetryAt });
    return { status: 'failing', nextRetryAt: nextRetryAt.toISOString() };
  }
};
