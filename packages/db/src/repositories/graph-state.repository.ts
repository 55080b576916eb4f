import { type Kysely, sql } from 'kysely';
import { secretColumn, secretContext } from '../crypto/encrypted-columns';
import type { SecretBox } from '../crypto/secret-box';
import type { Database } from '../tables/database';

export interface GraphSubscription {
  connectionId: string;
  resource: string;
  subscriptionId: string;
  /** decrypted; compare with the notification's clientState, never log it */
  clientState: string;
  expiresAt: Date;
}

export async function saveSubscription(
  db: Kysely<Database>,
  box: SecretBox,
  sub: GraphSubscription,
): Promise<void> {
  const values = {
    subscription_id: sub.subscriptionId,
    client_state: box.encrypt(
      sub.clientState,
      secretContext(secretColumn.clientState, sub.connectionId, sub.resource),
    ),
    expires_at: sub.expiresAt,
  };
  await db
    .insertInto('graph_subscriptions')
    .values({ connection_id: sub.connectionId, resource: sub.resource, ...values })
    .onConflict((oc) =>
      oc.columns(['connection_id', 'resource']).doUpdateSet({ ...values, updated_at: sql`now()` }),
    )
    .execute();
}

export async function findSubscription(
  db: Kysely<Database>,
  box: SecretBox,
  subscriptionId: string,
): Promise<GraphSubscription | null> {
  const row = await db
    .selectFrom('graph_subscriptions')
    .selectAll()
    .where('subscription_id', '=', subscriptionId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    connectionId: row.connection_id,
    resource: row.resource,
    subscriptionId: row.subscription_id,
    clientState: box.decrypt(
      row.client_state,
      secretContext(secretColumn.clientState, row.connection_id, row.resource),
    ),
    expiresAt: row.expires_at,
  };
}

/** The connection's subscription on one resource (`users`, `groups`), if any. */
export async function getSubscriptionFor(
  db: Kysely<Database>,
  box: SecretBox,
  connectionId: string,
  resource: string,
): Promise<GraphSubscription | null> {
  const row = await db
    .selectFrom('graph_subscriptions')
    .select('subscription_id')
    .where('connection_id', '=', connectionId)
    .where('resource', '=', resource)
    .executeTakeFirst();
  return row ? findSubscription(db, box, row.subscription_id) : null;
}

/** Subscriptions to renew: expiring before `until`. */
export async function listExpiringSubscriptions(
  db: Kysely<Database>,
  until: Date,
): Promise<{ connectionId: string; resource: string; subscriptionId: string; expiresAt: Date }[]> {
  const rows = await db
    .selectFrom('graph_subscriptions')
    .select(['connection_id', 'resource', 'subscription_id', 'expires_at'])
    .where('expires_at', '<', until)
    .orderBy('expires_at')
    .execute();
  return rows.map((r) => ({
    connectionId: r.connection_id,
    resource: r.resource,
    subscriptionId: r.subscription_id,
    expiresAt: r.expires_at,
  }));
}

export async function deleteSubscription(db: Kysely<Database>, subscriptionId: string): Promise<void> {
  await db.deleteFrom('graph_subscriptions').where('subscription_id', '=', subscriptionId).execute();
}

export async function getDeltaLink(
  db: Kysely<Database>,
  connectionId: string,
  resource: string,
): Promise<string | null> {
  const row = await db
    .selectFrom('delta_state')
    .select('delta_link')
    .where('connection_id', '=', connectionId)
    .where('resource', '=', resource)
    .executeTakeFirst();
  return row?.delta_link ?? null;
}

/** null forgets the link (the next round starts a full delta). */
export async function saveDeltaLink(
  db: Kysely<Database>,
  connectionId: string,
  resource: string,
  deltaLink: string | null,
): Promise<void> {
  if (deltaLink === null) {
    await db
      .deleteFrom('delta_state')
      .where('connection_id', '=', connectionId)
      .where('resource', '=', resource)
      .execute();
    return;
  }
  await db
    .insertInto('delta_state')
    .values({ connection_id: connectionId, resource, delta_link: deltaLink })
    .onConflict((oc) =>
      oc
        .columns(['connection_id', 'resource'])
        .doUpdateSet({ delta_link: deltaLink, updated_at: sql`now()` }),
    )
    .execute();
}
