import type { Redis } from 'ioredis';
import { EnvError } from '@entra-sync/config';
import { createDb, createSecretBox } from '@entra-sync/db';
import { createRedis, Producer } from '@entra-sync/queues';
import { createLogger, createMetrics, type Logger } from '@entra-sync/telemetry';
import { buildReceiver } from './app';
import { loadReceiverEnv, type ReceiverEnv } from './env';

// The receiver alone, one process per role in production: `node --require tsx/cjs apps/receiver/src/main.ts`.

function readEnv(): ReceiverEnv {
  try {
    return loadReceiverEnv();
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    console.error(`receiver: ${error.message}`);
    process.exit(1);
  }
}

/** One warning when Redis goes away and one line when it is back, not one per reconnect attempt. */
function watchRedis(redis: Redis, logger: Logger): void {
  let down = false;
  redis.on('error', (err: Error) => {
    if (!down) logger.warn({ err }, 'redis unreachable: notifications are answered 503 until it is back');
    down = true;
  });
  redis.on('ready', () => {
    if (down) logger.info('redis reachable again');
    down = false;
  });
}

async function closeRedis(redis: Redis): Promise<void> {
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}

/** pino writes asynchronously: flush before exiting, or the last lines are lost or reordered. */
function exit(logger: Logger, code: number): void {
  setTimeout(() => process.exit(code), 1000).unref();
  logger.flush(() => process.exit(code));
}

async function main(): Promise<void> {
  const env = readEnv();
  const logger = createLogger({ service: 'receiver', level: env.LOG_LEVEL });
  const redis = createRedis(env.REDIS_URL, 'producer');
  watchRedis(redis, logger);
  const producer = new Producer(redis, env.QUEUE_PREFIX);
  const db = createDb(env.DATABASE_URL, { applicationName: 'entra-sync-receiver' });
  const box = createSecretBox(env.ENCRYPTION_KEY);
  const metrics = createMetrics({ service: 'receiver' });
  const app = buildReceiver({ producer, db, box, logger, metrics, redis });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    try {
      // STYLE habit 14: stop accepting HTTP (in-flight requests finish), then the producer, Redis, pg.
      await app.close();
      await producer.close();
      await closeRedis(redis);
      await db.destroy();
      logger.info('stopped');
      exit(logger, 0);
    } catch (err) {
      logger.error({ err }, 'shutdown failed');
      exit(logger, 1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));

  await app.listen({ port: env.PORT, host: env.HOST });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  logger.info(
    { host: env.HOST, port },
    `receiver listening on http://${env.HOST}:${port} (POST /graph/notifications, /graph/lifecycle; GET /healthz, /readyz, /metrics)`,
  );
}

main().catch((err: unknown) => {
  console.error('receiver failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
