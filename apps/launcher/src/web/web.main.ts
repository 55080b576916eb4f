// `[web]`, the launcher's single HTTP server (receiver + admin API): `node --require tsx/cjs web.main.ts`,
// configured through the environment the launcher sets (web-env.ts).
import { EnvError } from '@entra-sync/config';
import { createDb, createSecretBox } from '@entra-sync/db';
import { GraphRequestCounter, resolveEndpoints } from '@entra-sync/graph';
import { createRedis, Producer } from '@entra-sync/queues';
import { createLogger, createMetrics } from '@entra-sync/telemetry';
import { loadWebEnv } from './web-env';
import { buildWebServer } from './web-server';

async function main(): Promise<void> {
  const env = loadWebEnv();
  const logger = createLogger({ service: 'web', level: env.LOG_LEVEL });
  const redis = createRedis(env.REDIS_URL, 'producer');
  redis.on('error', (err: Error) => logger.warn({ err }, 'redis unreachable'));
  const producer = new Producer(redis, env.QUEUE_PREFIX);
  const metrics = createMetrics({ service: 'web' });
  const graphCounter = new GraphRequestCounter();
  metrics.collectGraphRequests(() => graphCounter.snapshot().requests);
  const db = createDb(env.DATABASE_URL, { max: env.DATABASE_POOL_MAX, applicationName: 'entra-sync-web' });
  const app = await buildWebServer({
    db,
    box: createSecretBox(env.ENCRYPTION_KEY),
    producer,
    redis,
    logger,
    metrics,
    graphEndpoints: resolveEndpoints({
      cloud: env.GRAPH_CLOUD,
      graphEndpoint: env.GRAPH_ENDPOINT ?? null,
      loginEndpoint: env.LOGIN_ENDPOINT ?? null,
    }),
    graphCounter,
    adminToken: env.ADMIN_TOKEN,
    queuePrefix: env.QUEUE_PREFIX,
  });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    try {
      // STYLE habit 14: stop accepting HTTP (in-flight requests finish), then the producer, Redis, pg.
      await app.close();
      await producer.close();
      await redis.quit().catch(() => redis.disconnect());
      await db.destroy();
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'unclean shutdown');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());

  await app.listen({ port: env.PORT, host: env.HOST });
  logger.info(
    `web server listening on http://${env.HOST}:${env.PORT} (receiver /graph/*, admin API /api/*, console /console/)`,
  );
}

main().catch((err: unknown) => {
  console.error(
    err instanceof EnvError ? `web: ${err.message}` : `web server failed to start: ${(err as Error).message}`,
  );
  process.exit(1);
});
