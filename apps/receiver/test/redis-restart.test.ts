import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@entra-sync/db/testing';
import { PrivateRedis } from '@entra-sync/test-infra';
import {
  changeNotification,
  seedTenant,
  startReceiver,
  type Harness,
  type Tenant,
} from './support/receiver-harness';

// F14 on a private Redis (STYLE habit 19): Graph redelivers on 5xx, so while Redis is gone the receiver must say so,
// and once Redis is back the same process must accept again — no restart, nobody has to notice.

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: last ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each([
  { aof: false, signal: 'SIGKILL' as const },
  { aof: true, signal: 'SIGKILL' as const },
  { aof: false, signal: 'SIGTERM' as const },
])('receiver across a Redis restart (AOF $aof, $signal)', ({ aof, signal }) => {
  let redis: PrivateRedis;
  let database: TestDatabase;
  let h: Harness;
  let t: Tenant;

  beforeAll(async () => {
    redis = await PrivateRedis.start({ aof });
    database = await createTestDatabase();
    h = await startReceiver({ database, redisUrl: redis.url });
    t = await seedTenant(h.db, h.box);
    await until(
      'the receiver is ready',
      () => h.get('/readyz'),
      (a) => a.status === 200,
    );
  }, 30_000);
  afterAll(async () => {
    await h?.close();
    await database?.destroy();
    await redis?.destroy();
  });

  const notify = (objectId: string) =>
    h.post('/graph/notifications', { value: [changeNotification(t.users, t.tenantId, 'user', objectId)] });
  const queued = async () =>
    (await h.jobs('userSync')).map((job) => (job.data as { objectId: string }).objectId);

  it('S4.1 F14 answers 503 while Redis is down, 202 again once it is back (same process), and AOF keeps what was acknowledged', async () => {
    const before = randomUUID();
    expect((await notify(before)).status).toBe(202);

    await redis.shutdown(signal);
    const refused = await notify(randomUUID());
    expect(refused.status).toBe(503);
    expect(refused.contentType).toMatch(/^application\/problem\+json/);
    const ready = await h.get('/readyz');
    expect([ready.status, JSON.parse(ready.text).checks]).toEqual([503, { redis: 'down', postgres: 'up' }]);

    await redis.boot();
    await until(
      'ready again',
      () => h.get('/readyz'),
      (a) => a.status === 200,
    );
    const after = randomUUID();
    expect((await notify(after)).status).toBe(202);
    // with AOF (fsync always) the job acknowledged before the restart survived it, even a SIGKILL
    expect((await queued()).sort()).toEqual((aof ? [before, after] : [after]).sort());
  }, 30_000);

  it('S4.1 F14 a hung Redis (SIGSTOP) is a 503 within the deadline, and a thawed one takes notifications again', async () => {
    redis.freeze();
    try {
      expect((await notify(randomUUID())).status).toBe(503);
    } finally {
      redis.thaw();
    }
    const later = randomUUID();
    const accepted = await until(
      'accepted after the thaw',
      () => notify(later),
      (a) => a.status !== 503,
    );
    expect(accepted.status).toBe(202);
    expect(await queued()).toContain(later);
  }, 30_000);
});

describe('receiver /readyz on a Redis that may evict keys', () => {
  let redis: PrivateRedis;
  let h: Harness;
  beforeAll(async () => {
    redis = await PrivateRedis.start({ maxmemoryPolicy: 'allkeys-lfu' });
    h = await startReceiver({ redisUrl: redis.url });
  }, 30_000);
  afterAll(async () => {
    await h?.close();
    await redis?.destroy();
  });

  it('F10 503 naming the policy found and how to fix it', async () => {
    const ready = await until(
      'redis answers',
      () => h.get('/readyz'),
      (a) => !a.text.includes('"down"'),
    );
    expect(ready.status).toBe(503);
    const body = JSON.parse(ready.text);
    expect(body.checks).toEqual({ redis: 'refused', postgres: 'up' });
    expect(body.detail).toMatch(
      /^Not ready: Redis maxmemory-policy is allkeys-lfu, but entra-sync needs noeviction .*CONFIG SET maxmemory-policy noeviction/,
    );
  });
});
