import type { Rejection } from './outcomes';
import { clientStateMatches, type KnownSubscription, type SubscriptionCache } from './subscription-cache';

export interface Sender {
  subscriptionId: string;
  clientState?: string | null;
  tenantId: string;
}

export type Verified = { ok: true; subscription: KnownSubscription } | { ok: false; rejection: Rejection };

/**
 * A notification counts only when its subscription is ours, its clientState matches the secret we gave
 * Graph (Microsoft: otherwise don't process it) and it comes from the connection's tenant.
 * Throws when Postgres cannot answer.
 */
export async function verifySender(sender: Sender, subscriptions: SubscriptionCache): Promise<Verified> {
  const { subscriptionId } = sender;
  const subscription = await subscriptions.get(subscriptionId);
  if (!subscription) return { ok: false, rejection: { kind: 'unknown-subscription', subscriptionId } };
  if (!clientStateMatches(subscription, sender.clientState))
    return { ok: false, rejection: { kind: 'bad-client-state', subscriptionId } };
  if (subscription.tenantId === null || subscription.tenantId !== sender.tenantId.toLowerCase())
    return { ok: false, rejection: { kind: 'tenant-mismatch', subscriptionId, tenantId: sender.tenantId } };
  return { ok: true, subscription };
}
