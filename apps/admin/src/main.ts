import { EnvError } from '@entra-sync/config';
import { createDb, createSecretBox } from '@entra-sync/db';
import { resolveEndpoints } from '@entra-sync/graph';
import { createRedis, Producer } from '@entra-sync/queues';
import { createLogger } from '@entra-sync/telemetry';
import { buildAdmin } from './app';
import { loadAdminEnv, type AdminEnv } from './env';

// The admin API alone, one process per role in production: `node --require tsx/cjs apps/admin/src/main.ts`.

function readEnv(): AdminEnv {
  try {
    return loadAdminEnv();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(`admin: ${error.message}`);
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const env = readEnv();
  const logger = createLogger({ service: 'admin', level: env.LOG_LEVEL });
  const graphEndpoints = resolveEndpoints({
    cloud: env.GRAPH_CLOUD,
    graphEndpoint: env.GRAPH_ENDPOINT ?? null,
    loginEndpoint: env.LOGIN_ENDPOINT ?? null,
  });
  const redis = createRedis(env.REDIS_URL, 'producer');
  let redisDown = false;
  redis.on('error', (err: Error) => {
    if (!redisDown) logger.warn({ err }, 'redis unreachable: syncs cannot be queued until it is back');
    redisDown = true;
  });
  redis.on('ready', () => {
    if (redisDown) logger.info('redis reachable again');
    redisDown = false;
  });
  const producer = new Producer(redis, env.QUEUE_PREFIX);
  const db = createDb(env.DATABASE_URL, { applicationName: 'entra-sync-admin' });
  const box = createSecretBox(env.ENCRYPTION_KEY);
  const app = buildAdmin({
    db,
    box,
    producer,
    graphEndpoints,
    logger,
    adminToken: env.ADMIN_TOKEN,
    queuePrefix: env.QUEUE_PREFIX,
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    try {
      // STYLE habit 14: stop accepting HTTP (in-flight requests finish), then the producer, Redis, pg.
      await app.close();
      await producer.close();
      await redis.quit().catch(() => redis.disconnect());
      await db.destroy();
      logger.info('stopped');
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));

  await app.listen({ port: env.PORT, host: env.HOST });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  logger.info({ host: env.HOST, port }, `admin API listening on http://${env.HOST}:${port}/api`);
}

main().catch((err: unknown) => {
  console.error('admin failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
