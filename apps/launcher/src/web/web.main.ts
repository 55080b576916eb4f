// `[web]`, the launcher's single HTTP server (receiver + admin API), configured through the environment the
// launcher sets (web-env.ts): `node --require tsx/cjs web.main.ts` from source, `dist/web.main.js` in the build.
import { dbTimeouts } from '@entra-sync/config';
import { assertSecretsReadable, createDb, createSecretBox } from '@entra-sync/db';
import { GraphRequestCounter, resolveEndpoints } from '@entra-sync/graph';
import { closeRedis, createRedis, guardEvictionPolicy, Producer, watchRedis } from '@entra-sync/queues';
import { signInConfigFrom } from '@entra-sync/admin';
import { createMetrics, runService } from '@entra-sync/telemetry';
import { loadWebEnv } from './web-env';
import { buildWebServer } from './web-server';

runService({
  name: 'web',
  loadEnv: loadWebEnv,
  async start(env, logger) {
    const redis = createRedis(env.REDIS_URL, 'producer');
    watchRedis(redis, logger, 'notifications are answered 503 and syncs cannot be queued until it is back');
    // F10: REDIS_URL may name an operator's Redis that evicts keys
    await guardEvictionPolicy(redis, logger);
    const producer = new Producer(redis, env.QUEUE_PREFIX);
    const metrics = createMetrics({ service: 'web' });
    const graphCounter = new GraphRequestCounter();
    metrics.collectGraphRequests(() => graphCounter.snapshot().requests);
    const db = createDb(env.DATABASE_URL, {
      max: env.DATABASE_POOL_MAX,
      applicationName: 'entra-sync-web',
      timeouts: dbTimeouts(env),
    });
    const graphEndpoints = resolveEndpoints({
      cloud: env.GRAPH_CLOUD,
      graphEndpoint: env.GRAPH_ENDPOINT ?? null,
      loginEndpoint: env.LOGIN_ENDPOINT ?? null,
    });
    const box = createSecretBox(env.ENCRYPTION_KEY, env.ENCRYPTION_KEYS_OLD);
    await assertSecretsReadable(db, box);
    const app = await buildWebServer({
      db,
      box,
      producer,
      redis,
      logger,
      metrics,
      graphEndpoints,
      signIn: signInConfigFrom(env, graphEndpoints.loginEndpoint),
      graphCounter,
      adminToken: env.ADMIN_TOKEN,
      queuePrefix: env.QUEUE_PREFIX,
      ...(env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL } : {}),
    });

    await app.listen({ port: env.PORT, host: env.HOST });
    logger.info(
      `web server listening on http://${env.HOST}:${env.PORT} (receiver /graph/*, admin API /api/*, console /console/)`,
    );
    // STYLE habit 14: stop accepting HTTP (in-flight requests finish), then the producer, Redis, pg.
    return [
      { name: 'http', run: () => app.close() },
      { name: 'producer', run: () => producer.close() },
      { name: 'redis', run: () => closeRedis(redis) },
      { name: 'postgres pool', run: () => db.destroy() },
    ];
  },
});
