import { randomUUID } from 'node:crypto';
import { createDb } from '@entra-sync/db';
import { createTestDatabase, type TestDatabase } from '@entra-sync/db/testing';
import { createRedis, Producer, queueKeys } from '@entra-sync/queues';
import {
  changeNotification,
  closedPort,
  REDIS_URL,
  seedTenant,
  startReceiver,
  type Harness,
  type Tenant,
} from './support/receiver-harness';

// Graph redelivers on 5xx: when a dependency is down the receiver must not claim it accepted anything.

describe('Redis unreachable', () => {
  let database: TestDatabase;
  let h: Harness;
  let t: Tenant;

  beforeAll(async () => {
    database = await createTestDatabase();
    h = await startReceiver({ database, redisUrl: `redis://127.0.0.1:${await closedPort()}` });
    t = await seedTenant(h.db, h.box);
  });
  afterAll(async () => {
    await h?.close();
    await database?.destroy();
  });

  it('a valid notification → 503 problem+json, nothing enqueued anywhere', async () => {
    const note = changeNotification(t.users, t.tenantId, 'user', randomUUID());
    const answer = await h.post('/graph/notifications', { value: [note] });
    expect(answer.status).toBe(503);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(answer.text)).toMatchObject({
      type: 'about:blank',
      status: 503,
      title: 'Service Unavailable',
    });

    // the same queues on the real Redis hold nothing for this prefix
    const redis = createRedis(REDIS_URL, 'worker');
    const real = new Producer(redis, h.producer.prefix);
    try {
      for (const key of queueKeys) expect(await real.queue(key).count()).toBe(0);
    } finally {
      await real.close();
      await redis.quit();
    }
    const metrics = await h.metrics.text();
    expect(metrics).toMatch(/entra_sync_notifications_received_total\{[^}]*outcome="unavailable"[^}]*\} 1\b/);
    expect(metrics).not.toContain('outcome="enqueued-user"');
  });

  it('a lifecycle event that needs a job → 503 too', async () => {
    const answer = await h.post('/graph/lifecycle', {
      value: [
        {
          subscriptionId: t.users.subscriptionId,
          subscriptionExpirationDateTime: '2026-12-01T10:00:00Z',
          tenantId: t.tenantId,
          clientState: t.users.clientState,
          lifecycleEvent: 'reauthorizationRequired',
        },
      ],
    });
    expect(answer.status).toBe(503);
  });

  it('the handshake and dropped notifications need no Redis and still answer', async () => {
    const handshake = await h.post('/graph/notifications', '', {
      query: '?validationToken=abc',
      contentType: 'text/plain',
    });
    expect(handshake).toMatchObject({ status: 200, text: 'abc' });
    const forged = changeNotification(t.users, t.tenantId, 'user', randomUUID(), { clientState: 'forged' });
    expect((await h.post('/graph/notifications', { value: [forged] })).status).toBe(202);
  });

  it('GET /readyz → 503 naming Redis; /healthz stays 200', async () => {
    const ready = await h.get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.contentType).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(ready.text)).toMatchObject({ status: 503, checks: { redis: 'down', postgres: 'up' } });
    expect((await h.get('/healthz')).status).toBe(200);
  });
});

describe('Postgres unreachable', () => {
  let h: Harness;
  let t: Tenant;
  let database: TestDatabase;
  let deadDb: ReturnType<typeof createDb>;

  beforeAll(async () => {
    // the tenant lives in a real database; the receiver is given a pool whose server is gone
    database = await createTestDatabase();
    deadDb = createDb(`postgres://postgres@127.0.0.1:${await closedPort()}/nothing`, { max: 2 });
    h = await startReceiver({
      database: { ...database, db: deadDb, destroy: async () => undefined },
    });
    t = await seedTenant(database.db, h.box);
  });
  afterAll(async () => {
    await h?.close();
    await deadDb?.destroy();
    await database?.destroy();
  });

  it('a notification → 503 problem+json and no job', async () => {
    const note = changeNotification(t.users, t.tenantId, 'user', randomUUID());
    const answer = await h.post('/graph/notifications', { value: [note] });
    expect(answer.status).toBe(503);
    expect(answer.contentType).toMatch(/^application\/problem\+json/);
    expect(await h.jobs('userSync')).toEqual([]);
  });

  it('GET /readyz → 503 naming Postgres', async () => {
    const ready = await h.get('/readyz');
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.text)).toMatchObject({ checks: { redis: 'up', postgres: 'down' } });
  });
});
