import { dbTimeouts } from '@entra-sync/config';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Worker } from 'bullmq';
import {
  assertSecretsReadable,
  createDb,
  createSecretBox,
  databaseNow,
  listConnections,
  migrateToLatest,
  type Db,
} from '@entra-sync/db';
import { GraphRequestCounter, resolveEndpoints } from '@entra-sync/graph';
import {
  createRedis,
  enforceDeadLetterCap,
  guardEvictionPolicy,
  Producer,
  queueKeys,
  queueStatsOf,
  type QueueKey,
} from '@entra-sync/queues';
import { createLogger, createMetrics, type Logger, type Metrics } from '@entra-sync/telemetry';
import type { WorkerDeps } from './deps';
import type { WorkerEnv } from './env';
import { GraphClients } from './graph-clients';
import { processors } from './processors';
import { readiness } from './readiness';
import { syncSchedules } from './schedules';
import { createUserBatches } from './user-batches';
import { startWorkers } from './worker-host';

const SCHEDULE_SYNC_MS = 60_000;

export interface WorkerRuntime {
  deps: WorkerDeps;
  metrics: Metrics;
  metricsUrl: string;
  /** STYLE habit 14: HTTP, workers (active jobs finish), queues, Redis, pg pool */
  close(): Promise<void>;
}

/** One worker process: every queue's BullMQ worker, the schedules, and /metrics. Used by main.ts and tests. */
export async function startWorkerRuntime(
  env: WorkerEnv,
  options: { logger?: Logger; now?: () => Date } = {},
): Promise<WorkerRuntime> {
  const logger = options.logger ?? createLogger({ service: 'worker', level: env.LOG_LEVEL });
  const metrics = createMetrics({ service: 'worker' });
  const connection = createRedis(env.REDIS_URL, 'worker');
  // F10: a Redis that may evict keys loses jobs, schedules and dead letters without a trace
  await guardEvictionPolicy(connection, logger).catch((err: unknown) => {
    connection.disconnect();
    throw err;
  });
  const db: Db = createDb(env.DATABASE_URL, {
    max: 20,
    applicationName: 'entra-sync-worker',
    timeouts: dbTimeouts(env),
  });
  await migrateToLatest(db);
  const box = createSecretBox(env.ENCRYPTION_KEY, env.ENCRYPTION_KEYS_OLD);
  await assertSecretsReadable(db, box).catch(async (err: unknown) => {
    connection.disconnect();
    await db.destroy();
    throw err;
  });
  const producer = new Producer(connection, env.QUEUE_PREFIX);
  const counter = new GraphRequestCounter();
  const endpoints = resolveEndpoints({
    cloud: env.GRAPH_CLOUD,
    graphEndpoint: env.GRAPH_ENDPOINT ?? null,
    loginEndpoint: env.LOGIN_ENDPOINT ?? null,
  });
  const now = options.now ?? (() => new Date());
  const observationTime = () => databaseNow(db);
  const deps: WorkerDeps = {
    db,
    box,
    producer,
    graph: new GraphClients(db, box, endpoints, counter),
    logger,
    env,
    now,
    observationTime,
    users: createUserBatches(db, observationTime, {
      maxShare: env.SYNC_MAX_DEACTIVATION_SHARE,
      windowSeconds: env.SYNC_DEACTIVATION_WINDOW_SECONDS,
    }),
    observeLatency: (seconds) => metrics.endToEndLatency.observe(seconds),
  };
  metrics.collectQueues(async () =>
    Promise.all(
      queueKeys.map(async (key) => {
        const stats = await queueStatsOf(producer, key);
        return {
          queue: stats.name,
          waiting: stats.waiting + stats.delayed,
          active: stats.active,
          oldestWaitingAgeSeconds: stats.oldestWaitingAgeSeconds,
          deadLetters: stats.failed,
          deadLettersDropped: stats.deadLettersDropped,
        };
      }),
    ),
  );
  // ids, not names: customer names belong in the admin API, not in every scraper's time series
  metrics.collectConnections(async () =>
    (await listConnections(db)).map((c) => ({ connection: c.id, state: c.status })),
  );
  metrics.collectGraphRequests(() => counter.snapshot().requests);

  const workers: Worker[] = startWorkers(processors, deps, {
    connection,
    prefix: env.QUEUE_PREFIX,
    lockMs: env.WORKER_LOCK_MS,
    onJobEnd: (key, job, outcome, seconds) => {
      metrics.jobDuration.observe({ queue: key, job: job.name, outcome }, seconds);
      if (outcome === 'dead-letter') void capDeadLetters(key);
    },
  });
  const capDeadLetters = async (key: QueueKey) => {
    try {
      const dropped = await enforceDeadLetterCap(producer, key, env.DEAD_LETTER_MAX);
      if (dropped > 0)
        logger.warn(
          { queue: key, dropped, max: env.DEAD_LETTER_MAX },
          'dead letters over DEAD_LETTER_MAX: the oldest were dropped (counted in entra_sync_dead_letters_dropped_total)',
        );
    } catch (err) {
      logger.warn(
        { err, queue: key },
        'could not apply the dead-letter cap; the next dead letter tries again',
      );
    }
  };
  // a lowered DEAD_LETTER_MAX applies at once
  for (const key of queueKeys) await capDeadLetters(key);
  const scheduleTick = async () => {
    try {
      await syncSchedules(db, producer, env);
    } catch (err) {
      logger.error({ err }, 'could not update the job schedules');
    }
  };
  await scheduleTick();
  const timer = setInterval(scheduleTick, SCHEDULE_SYNC_MS);
  timer.unref();
  // F14: a Redis that restarts without its data (no AOF, a failover) comes back with no schedulers, and then no
  // delta backstop would ever run again; re-registering as soon as it is back also re-queues what was lost
  let redisLost = false;
  connection.on('close', () => (redisLost = true));
  connection.on('ready', () => {
    if (!redisLost) return;
    redisLost = false;
    logger.info('redis reachable again: checking the job schedules');
    void scheduleTick();
  });

  const server = await listenMetrics(metrics, env.WORKER_METRICS_PORT, env.METRICS_HOST, () =>
    readiness(db, connection),
  );
  const { port, address } = server.address() as AddressInfo;
  logger.info({ queues: queueKeys.length, metricsHost: address, metricsPort: port }, 'worker started');

  return {
    deps,
    metrics,
    metricsUrl: `http://${urlHost(address)}:${port}/metrics`,
    async close() {
      clearInterval(timer);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all(workers.map((worker) => worker.close()));
      await producer.close();
      await connection.quit();
      await db.destroy();
      logger.info('worker stopped');
    },
  };
}

function listenMetrics(
  metrics: Metrics,
  port: number,
  host: string,
  ready: () => Promise<{ status: number; body: object }>,
): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url === '/readyz') {
      void ready().then(({ status, body }) => {
        const type = status === 200 ? 'application/json' : 'application/problem+json';
        res.writeHead(status, { 'content-type': type }).end(JSON.stringify(body));
      });
    } else if (req.url === '/metrics') {
      metrics
        .text()
        .then((body) => res.writeHead(200, { 'content-type': metrics.contentType }).end(body))
        .catch(() => res.writeHead(500).end());
    } else if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

/** A URL's host for a listening address: a wildcard means this machine; IPv6 goes in brackets. */
function urlHost(address: string): string {
  if (address === '0.0.0.0' || address === '::') return '127.0.0.1';
  return address.includes(':') ? `[${address}]` : address;
}
