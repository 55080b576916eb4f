import { randomUUID } from 'node:crypto';
import type { KyselyPlugin } from 'kysely';
import { createConnection, saveSubscription, updateConnection, type Db } from '@entra-sync/db';
import { createTestDatabase, testSecretBox, type TestDatabase } from '@entra-sync/db/testing';
import { clientStateMatches, SubscriptionCache } from '../src/notifications/subscription-cache';

let database: TestDatabase;
const box = testSecretBox();

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.destroy());

async function seed(tenant: string, tenantId: string | null) {
  const connection = await createConnection(database.db, box, {
    name: `Fabrikam ${randomUUID()}`,
    tenant,
    tenantId,
    clientId: randomUUID(),
    clientSecret: 'client-secret',
  });
  const subscriptionId = randomUUID();
  await saveSubscription(database.db, box, {
    connectionId: connection.id,
    resource: 'users',
    subscriptionId,
    clientState: 'state-1',
    expiresAt: new Date(Date.now() + 3_600_000),
  });
  return { connectionId: connection.id, subscriptionId };
}

const drop = (subscriptionId: string) =>
  database.db.deleteFrom('graph_subscriptions').where('subscription_id', '=', subscriptionId).execute();

describe('SubscriptionCache', () => {
  it('serves a found subscription from memory for the TTL, then reads Postgres again', async () => {
    let now = 1_000_000;
    const cache = new SubscriptionCache(database.db, box, { ttlMs: 60_000, now: () => now });
    const tenantId = randomUUID();
    const { connectionId, subscriptionId } = await seed('fabrikam.com', tenantId.toUpperCase());

    const found = await cache.get(subscriptionId);
    expect(found).toMatchObject({ subscriptionId, connectionId, resource: 'users', tenantId });
    expect(clientStateMatches(found!, 'state-1')).toBe(true);
    expect(JSON.stringify(found)).not.toContain('state-1');

    await drop(subscriptionId);
    now += 59_000;
    expect(await cache.get(subscriptionId)).toMatchObject({ connectionId });
    now += 2_000 + 60_000; // past the TTL and the refresh-ahead window: this request waits for Postgres
    expect(await cache.get(subscriptionId)).toBeNull();
  });

  it('after the TTL, the cached subscription answers while one background read refreshes it', async () => {
    let now = 1_000_000;
    const cache = new SubscriptionCache(database.db, box, { ttlMs: 60_000, staleMs: 30_000, now: () => now });
    const { connectionId, subscriptionId } = await seed('fabrikam.com', randomUUID());
    await cache.get(subscriptionId);
    await drop(subscriptionId);
    now += 61_000;

    // every request during the refresh gets the cached entry at once (before R5 they waited and saw null)
    const during = await Promise.all([cache.get(subscriptionId), cache.get(subscriptionId)]);
    expect(during.map((s) => s?.connectionId)).toEqual([connectionId, connectionId]);
    await cache.idle(); // the refresh has landed: the deletion is seen at once, not a TTL later
    expect(await cache.get(subscriptionId)).toBeNull();
  });

  it('a failed background refresh keeps the cached entry only until the refresh-ahead window ends', async () => {
    let now = 1_000_000;
    const cache = new SubscriptionCache(database.db, box, { ttlMs: 60_000, staleMs: 30_000, now: () => now });
    const { connectionId, subscriptionId } = await seed('fabrikam.com', randomUUID());
    await cache.get(subscriptionId);
    // a clientState that no longer decrypts makes every read of this subscription throw
    await database.db
      .updateTable('graph_subscriptions')
      .set({ client_state: Buffer.from('not a sealed value') })
      .where('subscription_id', '=', subscriptionId)
      .execute();
    now += 61_000;
    expect(await cache.get(subscriptionId)).toMatchObject({ connectionId });
    await cache.idle(); // the background refresh failed
    expect(await cache.get(subscriptionId)).toMatchObject({ connectionId });
    now += 30_000;
    await expect(cache.get(subscriptionId)).rejects.toThrow();
  });

  it('remembers a miss for its TTL, then finds a subscription saved after its first delivery', async () => {
    let now = 1_000_000;
    const cache = new SubscriptionCache(database.db, box, { missTtlMs: 5_000, now: () => now });
    const subscriptionId = randomUUID();
    expect(await cache.get(subscriptionId)).toBeNull();
    const connection = await seed('fabrikam.com', randomUUID());
    await database.db
      .updateTable('graph_subscriptions')
      .set({ subscription_id: subscriptionId })
      .where('subscription_id', '=', connection.subscriptionId)
      .execute();
    expect(await cache.get(subscriptionId)).toBeNull();
    now += 5_001;
    expect(await cache.get(subscriptionId)).toMatchObject({ connectionId: connection.connectionId });
  });

  it('uses the tenant the administrator typed when it is a GUID and tenantId is not resolved yet', async () => {
    const guid = randomUUID();
    const typed = await seed(guid.toUpperCase(), null);
    const cache = new SubscriptionCache(database.db, box);
    expect((await cache.get(typed.subscriptionId))?.tenantId).toBe(guid);

    const domain = await seed('contoso.onmicrosoft.com', null);
    expect((await cache.get(domain.subscriptionId))?.tenantId).toBeNull();
    await updateConnection(database.db, box, domain.connectionId, { tenantId: guid });
    cache.clear();
    expect((await cache.get(domain.subscriptionId))?.tenantId).toBe(guid);
  });

  it('concurrent lookups of one id share a single read and agree', async () => {
    const { subscriptionId } = await seed('fabrikam.com', randomUUID());
    const cache = new SubscriptionCache(database.db, box);
    const results = await Promise.all(Array.from({ length: 20 }, () => cache.get(subscriptionId)));
    expect(new Set(results).size).toBe(1);
    expect(results[0]).not.toBeNull();
  });

  it('a Postgres failure is thrown, not cached as a miss', async () => {
    const { subscriptionId } = await seed('fabrikam.com', randomUUID());
    const cache = new SubscriptionCache(database.db, testSecretBox());
    await expect(cache.get(subscriptionId)).rejects.toThrow();
  });

  describe('R6 forged subscription ids', () => {
    /** The cache's Postgres reads of graph_subscriptions, counted by a Kysely plugin on the real database. */
    function counted(): { db: Db; reads: () => number } {
      let reads = 0;
      const plugin: KyselyPlugin = {
        transformQuery(args) {
          if (
            args.node.kind === 'SelectQueryNode' &&
            JSON.stringify(args.node.from).includes('graph_subscriptions')
          )
            reads++;
          return args.node;
        },
        transformResult: async (args) => args.result,
      };
      return { db: database.db.withPlugin(plugin), reads: () => reads };
    }

    it('S7.1 an id that is not a GUID is refused without any Postgres read', async () => {
      const { db, reads } = counted();
      const cache = new SubscriptionCache(db, box);
      for (const id of [
        '',
        'x',
        "1' or '1'='1",
        `${randomUUID()}x`,
        randomUUID().replace(/-/g, ''),
        '💥'.repeat(36),
      ])
        expect(await cache.get(id)).toBeNull();
      expect(reads()).toBe(0);
    });

    it('S7.1 at most one Postgres read per distinct unknown id per minute, also across concurrent requests', async () => {
      let now = 1_000_000;
      const { db, reads } = counted();
      const cache = new SubscriptionCache(db, box, { now: () => now });
      const ids = Array.from({ length: 50 }, () => randomUUID());
      // 20 requests at once for each id, in upper and lower case: one read per id
      const asked = ids.flatMap((id) =>
        Array.from({ length: 20 }, (_, i) => (i % 2 ? id.toUpperCase() : id)),
      );
      expect(new Set(await Promise.all(asked.map((id) => cache.get(id))))).toEqual(new Set([null]));
      expect(reads()).toBe(50);
      now += 59_000;
      await Promise.all(ids.map((id) => cache.get(id)));
      expect(reads()).toBe(50);
      now += 1_001;
      await Promise.all(ids.map((id) => cache.get(id)));
      expect(reads()).toBe(100);
    });

    it('S7.1 a flood of unknown ids never evicts a known subscription', async () => {
      const { db, reads } = counted();
      const cache = new SubscriptionCache(db, box, { maxEntries: 10, maxMisses: 100 });
      const known = await Promise.all(Array.from({ length: 3 }, () => seed('fabrikam.com', randomUUID())));
      for (const k of known) expect(await cache.get(k.subscriptionId)).not.toBeNull();
      const before = reads();
      for (let round = 0; round < 5; round++)
        await Promise.all(Array.from({ length: 100 }, () => cache.get(randomUUID())));
      const afterFlood = reads();
      for (const k of known) expect((await cache.get(k.subscriptionId))?.connectionId).toBe(k.connectionId);
      expect(reads()).toBe(afterFlood); // served from memory: nothing of the flood pushed them out
      expect(afterFlood - before).toBe(100); // the miss cache was full after the first round (next test)
    });

    it('S7.1 while the miss cache is full of fresh misses, a new unknown id costs no read; expired ones free room', async () => {
      let now = 1_000_000;
      const { db, reads } = counted();
      const cache = new SubscriptionCache(db, box, { maxMisses: 10, missTtlMs: 60_000, now: () => now });
      await Promise.all(Array.from({ length: 10 }, () => cache.get(randomUUID())));
      expect(reads()).toBe(10);
      await Promise.all(Array.from({ length: 1_000 }, () => cache.get(randomUUID())));
      expect(reads()).toBe(10);
      // a known subscription is still looked up and found: only unknown ids are refused
      const real = await seed('fabrikam.com', randomUUID());
      expect(await cache.get(real.subscriptionId)).toBeNull(); // its first read would be an eleventh miss slot…
      now += 60_001;
      expect((await cache.get(real.subscriptionId))?.connectionId).toBe(real.connectionId); // …until misses expire
      expect(reads()).toBe(11);
    });
  });
});
