import type { Redis } from 'ioredis';
import { createTestDatabase, testSecretBox, type TestDatabase } from '@entra-sync/db/testing';
import { createRedis, Producer } from '@entra-sync/queues';
import { createLogger, createMetrics } from '@entra-sync/telemetry';
import { buildReceiver } from '../src/app';
import { REDIS_URL } from './support/receiver-harness';

/**
 * Issue 15 item 9 (X5): the receiver is Graph's public edge, so every route it has is public — and each one is
 * listed here with what protects it. A new route fails this walk until it is added (and its guard written down).
 */
const PUBLIC_RECEIVER_ROUTES: Record<string, string> = {
  'POST /graph/notifications': "each notification's clientState must match its subscription's (S7.1)",
  'POST /graph/lifecycle': "each notification's clientState must match its subscription's (S7.1)",
  'GET /healthz': 'liveness; says nothing but ok',
  'GET /readyz': 'readiness of Postgres and Redis; no names, no secrets',
  'GET /metrics': 'figures for the scraper; no refusal reasons, no names',
};

describe('receiver route walk: every route is a documented public one (X5)', () => {
  let database: TestDatabase;
  let redis: Redis;
  beforeAll(async () => {
    database = await createTestDatabase();
    redis = createRedis(REDIS_URL, 'producer');
    if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
  });
  afterAll(async () => {
    await redis?.quit();
    await database?.destroy();
  });

  it('X5 the registered routes are exactly the documented public list', async () => {
    const app = buildReceiver({
      producer: new Producer(redis, 'test-route-walk'),
      db: database.db,
      box: testSecretBox(),
      logger: createLogger({ service: 'receiver', level: 'silent' }),
      metrics: createMetrics({ service: 'receiver', defaultMetrics: false }),
      redis,
    });
    const routes: string[] = [];
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat())
        if (method !== 'HEAD') routes.push(`${method} ${route.url}`);
    });
    await app.ready();
    try {
      expect([...new Set(routes)].sort()).toEqual(Object.keys(PUBLIC_RECEIVER_ROUTES).sort());
    } finally {
      await app.close();
    }
  });
});
