import { classifyPostgresError, getConnection, updateConnection, type Connection } from '@entra-sync/db';
import { classifyGraphError, type GraphClient } from '@entra-sync/graph';
import { scrubSecrets } from '@entra-sync/telemetry';
import type { JobContext } from './deps';
import { PermanentJobError, WaitError } from './job-errors';

/** Transient (network) failures in a row, within one job, after which the connection counts as failing (S7.3). */
const TRANSIENT_ATTEMPTS_BEFORE_FAILING = 3;

export type ConnectionWork<T> = (connection: Connection, client: GraphClient) => Promise<T>;

/**
 * Runs Graph work for one connection and turns Graph failures into job decisions (STYLE habit 7):
 * throttled → wait for Retry-After without spending an attempt; auth (or network that keeps failing) → the
 * connection is marked failing and its work waits for the next reconnect (S7.3, nothing is lost); transient →
 * retry with backoff; permanent → dead letter. A disabled connection's work is dropped (`skipped`).
 */
export async function withConnection<T>(
  ctx: JobContext,
  connectionId: string,
  work: ConnectionWork<T>,
): Promise<T | { skipped: string }> {
  const { deps, job } = ctx;
  const connection = await getConnection(deps.db, connectionId);
  if (!connection) return { skipped: `connection ${connectionId} no longer exists` };
  if (connection.status === 'disabled') return { skipped: `connection ${connection.name} is disabled` };
  const now = deps.now().getTime();
  if (connection.status === 'failing' && connection.nextRetryAt && connection.nextRetryAt.getTime() > now) {
    throw new WaitError(
      connection.nextRetryAt.getTime(),
      `connection ${connection.name} is failing; waiting to reconnect`,
    );
  }
  try {
    const client = await deps.graph.get(connection.id, connection.updatedAt);
    return await work(connection, client);
  } catch (err) {
    // F1: Postgres' failures are not the connection's; runJob judges them
    if (err instanceof WaitError || err instanceof PermanentJobError || classifyPostgresError(err)) throw err;
    const failure = classifyGraphError(err);
    switch (failure.kind) {
      case 'throttled':
        throw new WaitError(deps.now().getTime() + failure.retryAfterMs, `Graph throttled: ${failure.code}`);
      case 'auth':
        throw await markFailing(ctx, connection, `${failure.code}: ${failure.message}`);
      case 'transient':
        if (job.attemptsMade + 1 >= TRANSIENT_ATTEMPTS_BEFORE_FAILING) {
          throw await markFailing(ctx, connection, `${failure.code}: ${failure.message}`);
        }
        throw err;
      case 'not-found':
      case 'permanent':
        throw new PermanentJobError(
          scrubSecrets(`Graph ${failure.status ?? ''} ${failure.code}: ${failure.message}`),
        );
    }
  }
}

async function markFailing(ctx: JobContext, connection: Connection, reason: string): Promise<WaitError> {
  const { deps } = ctx;
  const nextRetryAt = new Date(deps.now().getTime() + deps.env.RECONNECT_SECONDS * 1000);
  const lastError = scrubSecrets(reason).slice(0, 1000);
  await updateConnection(deps.db, deps.box, connection.id, { status: 'failing', lastError, nextRetryAt });
  deps.graph.forget(connection.id);
  ctx.log.warn(
    { connectionId: connection.id, nextRetryAt },
    'connection failing; its work waits for the reconnect',
  );
  return new WaitError(nextRetryAt.getTime(), `connection ${connection.name} failing: ${lastError}`);
}

/** Treats `{ skipped }` results uniformly in processors. */
export const isSkipped = (value: unknown): value is { skipped: string } =>
  typeof value === 'object' && value !== null && 'skipped' in value;
