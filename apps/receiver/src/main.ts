import { dbTimeouts } from '@entra-sync/config';
import { assertSecretsReadable, createDb, createSecretBox } from '@entra-sync/db';
import { closeRedis, createRedis, guardEvictionPolicy, Producer, watchRedis } from '@entra-sync/queues';
import { createMetrics, runService } from '@entra-sync/telemetry';
import { buildReceiver } from './app';
import { loadReceiverEnv } from './env';

// The receiver alone, one process per role in production: `node apps/receiver/dist/main.js` (the build), or
// `node --require tsx/cjs apps/receiver/src/main.ts` from source.

runService({
  name: 'receiver',
  loadEnv: loadReceiverEnv,
  async start(env, logger) {
    const redis = createRedis(env.REDIS_URL, 'producer');
    watchRedis(redis, logger, 'notifications are answered 503 until it is back');
    // F10: a Redis that may evict keys would drop acknowledged notifications' jobs silently
    await guardEvictionPolicy(redis, logger);
    const producer = new Producer(redis, env.QUEUE_PREFIX);
    const db = createDb(env.DATABASE_URL, {
      applicationName: 'entra-sync-receiver',
      timeouts: dbTimeouts(env),
    });
    const box = createSecretBox(env.ENCRYPTION_KEY, env.ENCRYPTION_KEYS_OLD);
    await assertSecretsReadable(db, box);
    const metrics = createMetrics({ service: 'receiver' });
    const options = {
      rateLimit: env.RECEIVER_RATE_LIMIT > 0 && {
        max: env.RECEIVER_RATE_LIMIT,
        windowMs: env.RECEIVER_RATE_WINDOW_SECONDS * 1000,
      },
      trustProxy: env.RECEIVER_TRUST_PROXY,
    };
    const app = buildReceiver({ producer, db, box, logger, metrics, redis, options });

    await app.listen({ port: env.PORT, host: env.HOST });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : env.PORT;
    logger.info(
      { host: env.HOST, port },
      `receiver listening on http://${env.HOST}:${port} (POST /graph/notifications, /graph/lifecycle; GET /healthz, /readyz, /metrics)`,
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
