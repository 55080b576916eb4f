import type { GraphClient } from './graph-client';
import { graphDelete, graphGet, graphPatch, graphPost } from './graph-request';

/** Longest lifetime Graph allows for users and groups subscriptions. */
export const MAX_SUBSCRIPTION_MINUTES = 41_760;

export interface SubscriptionRequest {
  /** `users`, `groups`, `users/{id}`, `groups/{id}` */
  resource: string;
  /** users and groups support only updated and deleted (created users arrive as updated) */
  changeTypes?: Array<'updated' | 'deleted'>;
  notificationUrl: string;
  lifecycleNotificationUrl?: string | null;
  clientState: string;
  expirationDateTime: Date;
}

/** A subscription as Graph reports it, without clientState (a secret shared with the receiver). */
export interface GraphSubscription {
  id: string;
  resource: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  expirationDateTime: Date;
}

type RawSubscription = {
  id: string;
  resource: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl?: string | null;
  expirationDateTime: string;
};

/** The furthest expiration Graph accepts from `now`, a minute short so clock skew cannot push it over. */
export function maxSubscriptionExpiration(now: Date = new Date()): Date {
  return new Date(now.getTime() + (MAX_SUBSCRIPTION_MINUTES - 1) * 60_000);
}

/** POST /subscriptions; Graph runs the validationToken handshake against notificationUrl before answering. */
export async function createSubscription(
  client: GraphClient,
  request: SubscriptionRequest,
): Promise<GraphSubscription> {
  const raw = await graphPost<RawSubscription>(client, '/subscriptions', {
    changeType: (request.changeTypes ?? ['updated', 'deleted']).join(','),
    notificationUrl: request.notificationUrl,
    ...(request.lifecycleNotificationUrl
      ? { lifecycleNotificationUrl: request.lifecycleNotificationUrl }
      : {}),
    resource: request.resource,
    expirationDateTime: request.expirationDateTime.toISOString(),
    clientState: request.clientState,
  });
  return fromRaw(raw);
}

export async function renewSubscription(
  client: GraphClient,
  subscriptionId: string,
  expirationDateTime: Date,
): Promise<GraphSubscription> {
  return fromRaw(
    await graphPatch<RawSubscription>(client, `/subscriptions/${encodeURIComponent(subscriptionId)}`, {
      expirationDateTime: expirationDateTime.toISOString(),
    }),
  );
}

export async function deleteSubscription(client: GraphClient, subscriptionId: string): Promise<void> {
  await graphDelete(client, `/subscriptions/${encodeURIComponent(subscriptionId)}`);
}

/** The app's live subscriptions in the tenant. */
export async function listSubscriptions(client: GraphClient): Promise<GraphSubscription[]> {
  const body = await graphGet<{ value?: RawSubscription[] }>(client, '/subscriptions');
  return (body.value ?? []).map(fromRaw);
}

function fromRaw(raw: RawSubscription): GraphSubscription {
  return {
    id: raw.id,
    resource: raw.resource,
    changeType: raw.changeType,
    notificationUrl: raw.notificationUrl,
    lifecycleNotificationUrl: raw.lifecycleNotificationUrl ?? null,
    expirationDateTime: new Date(raw.expirationDateTime),
  };
}
