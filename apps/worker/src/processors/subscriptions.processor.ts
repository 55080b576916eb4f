import { randomBytes } from 'node:crypto';
import { findSubscription, getSubscriptionFor, saveSubscription, withNamedLease } from '@entra-sync/db';
import {
  classifyGraphError,
  createSubscription,
  maxSubscriptionExpiration,
  renewSubscription,
  type GraphClient,
} from '@entra-sync/graph';
import type { JobData } from '@entra-sync/queues';
import type { JobContext, Processor } from '../deps';
import { WaitError } from '../job-errors';
import { withConnection } from '../with-connection';

const RESOURCES = ['users', 'groups'] as const;
/** Renew once less than this is left (Graph allows 41,760 minutes ≈ 29 days for users and groups). */
const RENEW_WHEN_LEFT_MS = 7 * 24 * 3600_000;
/** Another worker is ensuring the same subscription: look again after this, without spending an attempt. */
const BUSY_WAIT_MS = 5_000;

/** Create on connect, renew well before expiry, recreate when Graph forgot it. */
export const ensureSubscriptions: Processor<JobData<'subscriptions', 'subscriptions.ensure'>> = async (
  data,
  ctx,
) => {
  const publicUrl = ctx.deps.env.PUBLIC_URL;
  if (!publicUrl)
    return { skipped: 'PUBLIC_URL is not set: no change notifications, the delta backstop alone syncs' };
  return withConnection(ctx, data.connectionId, async (_connection, client) => {
    const actions: Record<string, string> = {};
    for (const resource of RESOURCES) {
      actions[resource] = await ensureOne(ctx, client, data.connectionId, resource, publicUrl);
    }
    return actions;
  });
};

/** Graph's `reauthorizationRequired` lifecycle event: renewing the subscription reauthorizes it. */
export const reauthorizeSubscription: Processor<
  JobData<'subscriptions', 'subscriptions.reauthorize'>
> = async (data, ctx) => {
  const stored = await findSubscription(ctx.deps.db, ctx.deps.box, data.subscriptionId);
  if (!stored) return { skipped: 'unknown subscription' };
  return withConnection(ctx, data.connectionId, async (_connection, client) => {
    const publicUrl = ctx.deps.env.PUBLIC_URL;
    if (!publicUrl) return { skipped: 'PUBLIC_URL is not set' };
    return {
      [stored.resource]: await ensureOne(ctx, client, data.connectionId, stored.resource, publicUrl, true),
    };
  });
};

/**
 * One ensure at a time per (connection, resource): the schedule, a reconnect and a lifecycle event may ask at
 * once, and two creates would leave a second live subscription delivering forever. A lease, not a held
 * connection, guards it (F4): the Graph calls in between keep no Postgres session.
 */
async function ensureOne(
  ctx: JobContext,
  client: GraphClient,
  connectionId: string,
  resource: string,
  publicUrl: string,
  force = false,
): Promise<'kept' | 'renewed' | 'created'> {
  const lease = await withNamedLease(ctx.deps.db, `subscription:${connectionId}:${resource}`, () =>
    ensureLeased(ctx, client, connectionId, resource, publicUrl, force),
  );
  if (lease.held) return lease.value;
  throw new WaitError(
    ctx.deps.now().getTime() + BUSY_WAIT_MS,
    `another worker is ensuring the ${resource} subscription`,
  );
}

async function ensureLeased(
  ctx: JobContext,
  client: GraphClient,
  connectionId: string,
  resource: string,
  publicUrl: string,
  force: boolean,
): Promise<'kept' | 'renewed' | 'created'> {
  const { db, box, now } = ctx.deps;
  const existing = await getSubscriptionFor(db, box, connectionId, resource);
  const expiration = maxSubscriptionExpiration(now());
  if (existing) {
    if (!force && existing.expiresAt.getTime() - now().getTime() > RENEW_WHEN_LEFT_MS) return 'kept';
    try {
      const renewed = await renewSubscription(client, existing.subscriptionId, expiration);
      await saveSubscription(db, box, { ...existing, expiresAt: renewed.expirationDateTime });
      return 'renewed';
    } catch (err) {
      if (classifyGraphError(err).kind !== 'not-found') throw err;
      ctx.log.warn({ connectionId, resource }, 'subscription gone from Graph; recreating it');
    }
  }
  const clientState = randomBytes(32).toString('base64url');
  const created = await createSubscription(client, {
    resource,
    changeTypes: ['updated', 'deleted'],
    notificationUrl: `${publicUrl}/graph/notifications`,
    lifecycleNotificationUrl: `${publicUrl}/graph/lifecycle`,
    clientState,
    expirationDateTime: expiration,
  });
  await saveSubscription(db, box, {
    connectionId,
    resource,
    subscriptionId: created.id,
    clientState,
    expiresAt: created.expirationDateTime,
  });
  return 'created';
}
