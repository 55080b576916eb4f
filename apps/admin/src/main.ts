import { dbTimeouts } from '@entra-sync/config';
import { assertSecretsReadable, createDb, createSecretBox } from '@entra-sync/db';
import { resolveEndpoints } from '@entra-sync/graph';
import { closeRedis, createRedis, guardEvictionPolicy, Producer, watchRedis } from '@entra-sync/queues';
import { runService } from '@entra-sync/telemetry';
import { buildAdmin } from './app';
import { loadAdminEnv } from './env';
import { signInConfigFrom } from './signin/signin-config';

// The admin API alone, one process per role in production: `node apps/admin/dist/main.js` (the build, with the
// console prebuilt), or `node --require tsx/cjs apps/admin/src/main.ts` from source.

runService({
  name: 'admin',
  loadEnv: loadAdminEnv,
  async start(env, logger) {
    const graphEndpoints = resolveEndpoints({
      cloud: env.GRAPH_CLOUD,
      graphEndpoint: env.GRAPH_ENDPOINT ?? null,
      loginEndpoint: env.LOGIN_ENDPOINT ?? null,
    });
    const redis = createRedis(env.REDIS_URL, 'producer');
    watchRedis(redis, logger, 'syncs cannot be queued until it is back');
    // F10: a Redis that may evict keys would drop queued syncs and dead letters silently
    await guardEvictionPolicy(redis, logger);
    const producer = new Producer(redis, env.QUEUE_PREFIX);
    const db = createDb(env.DATABASE_URL, {
      applicationName: 'entra-sync-admin',
      timeouts: dbTimeouts(env),
    });
    const box = createSecretBox(env.ENCRYPTION_KEY, env.ENCRYPTION_KEYS_OLD);
    await assertSecretsReadable(db, box);
    const app = buildAdmin({
      db,
      box,
      producer,
      graphEndpoints,
      logger,
      adminToken: env.ADMIN_TOKEN,
      queuePrefix: env.QUEUE_PREFIX,
      signIn: signInConfigFrom(env, graphEndpoints.loginEndpoint),
      ...(env.PUBLIC_URL ? { publicUrl: env.PUBLIC_URL } : {}),
    });

    await app.listen({ port: env.PORT, host: env.HOST });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : env.PORT;
    logger.info({ host: env.HOST, port }, `admin API listening on http://${env.HOST}:${port}/api`);
    // STYLE habit 14: stop accepting HTTP (in-flight requests finish), then the producer, Redis, pg.
    return [
      { name: 'http', run: () => app.close() },
      { name: 'producer', run: () => producer.close() },
      { name: 'redis', run: () => closeRedis(redis) },
      { name: 'postgres pool', run: () => db.destroy() },
    ];
  },
});
