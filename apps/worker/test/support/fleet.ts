import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { Redis } from 'ioredis';
import { startTestEmulator, type RunningEmulator } from '@entra-sync/graph-emulator';
import { buildReceiver } from '@entra-sync/receiver';
import { createSecretBox, saveEmployeeDefaults, type Db, type SecretBox } from '@entra-sync/db';
import { createTestDatabase, type TestDatabase } from '@entra-sync/db/testing';
import { createRedis, Producer, queueKeys } from '@entra-sync/queues';
import { createLogger, createMetrics } from '@entra-sync/telemetry';
import { workerEnvSchema, type WorkerEnv } from '../../src/env';
import { startWorkerRuntime, type WorkerRuntime } from '../../src/runtime';
import { connectTenant, type TenantOptions, type TestConnection } from './tenant';
import { LatencyLog } from './wait';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface FleetOptions {
  /** names the latency summary line */
  name: string;
  deltaIntervalSeconds?: number;
  reconnectSeconds?: number;
  lockMs?: number;
  /** false: no in-process worker (the test spawns worker processes itself) */
  worker?: boolean;
  /** the database (default: a clone of the run's template on the shared server) */
  database?: () => Promise<TestDatabase>;
  /** extra worker variables (DB_STATEMENT_TIMEOUT_MS, …) */
  workerEnv?: Record<string, string>;
  /** another Redis than the shared one, e.g. a `PrivateRedis` the test restarts */
  redisUrl?: string;
}

export interface Fleet {
  emulator: RunningEmulator;
  db: Db;
  box: SecretBox;
  /** the receiver's producer (fail-fast Redis), with the fleet's random prefix */
  producer: Producer;
  /** the worker environment, as strings for a child process or parsed for startWorkerRuntime */
  env: WorkerEnv;
  envVars: Record<string, string>;
  receiverUrl: string;
  runtime: WorkerRuntime | null;
  /** every log line of the receiver and the in-process workers (secrets must never show up here) */
  logs: string[];
  latency: LatencyLog;
  /** a tenant in the emulator with its app, a connection, its schedules, subscriptions and delta baseline */
  connect(options?: TenantOptions): Promise<TestConnection>;
  /** one more in-process worker against the same Redis and Postgres, its env and clock optionally overridden */
  startWorker(overrides?: Record<string, string>, now?: () => Date): Promise<WorkerRuntime>;
  /** closes a worker started by the fleet (active jobs finish first) */
  stopWorker(runtime: WorkerRuntime): Promise<void>;
  /** no injected Graph faults, notifications delivered again */
  resetFaults(): void;
  close(): Promise<void>;
}

/** One fleet per test file: emulator (HTTPS), database, receiver on a real port, worker runtime in-process. */
export async function startFleet(options: FleetOptions): Promise<Fleet> {
  // undone in reverse, also when starting fails half-way, so jest never waits on a stray handle
  const teardown: Array<() => Promise<unknown>> = [];
  const unwind = async () => {
    for (const step of teardown.splice(0).reverse()) await step();
  };
  try {
    const emulator = await startTestEmulator();
    teardown.push(() => emulator.close());
    const database = await (options.database ?? (() => createTestDatabase({ max: 5 })))();
    teardown.push(() => database.destroy());
    await saveEmployeeDefaults(database.db, EMPLOYEE_DEFAULTS);
    const key = randomBytes(32).toString('base64');
    const box = createSecretBox(key);
    const prefix = `e2e-${options.name}-${randomBytes(4).toString('hex')}`;
    const logs: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    });

    const redisUrl = options.redisUrl ?? REDIS_URL;
    const redis: Redis = createRedis(redisUrl, 'producer');
    redis.on('error', () => undefined);
    const producer = new Producer(redis, prefix);
    teardown.push(async () => {
      await Promise.all(queueKeys.map((k) => producer.queue(k).obliterate({ force: true })));
      await producer.close();
      await redis.quit();
    });
    const receiver = buildReceiver({
      producer,
      db: database.db,
      box,
      redis,
      logger: createLogger({ service: 'receiver', level: 'info', destination }),
      metrics: createMetrics({ service: 'receiver' }),
    });
    teardown.push(() => receiver.close());
    await receiver.listen({ port: 0, host: '127.0.0.1' });
    const receiverUrl = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}`;

    const envVars: Record<string, string> = {
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl,
      ENCRYPTION_KEY: key,
      PUBLIC_URL: receiverUrl,
      GRAPH_ENDPOINT: emulator.url,
      LOGIN_ENDPOINT: emulator.url,
      DELTA_INTERVAL_SECONDS: String(options.deltaIntervalSeconds ?? 60),
      RECONNECT_SECONDS: String(options.reconnectSeconds ?? 120),
      QUEUE_PREFIX: prefix,
      WORKER_LOCK_MS: String(options.lockMs ?? 30_000),
      WORKER_METRICS_PORT: '0',
      LOG_LEVEL: 'info',
      ...options.workerEnv,
    };
    const runtimes: WorkerRuntime[] = [];
    teardown.push(async () => {
      for (const r of runtimes.splice(0)) await r.close();
    });
    const startWorker = async (overrides: Record<string, string> = {}, now?: () => Date) => {
      const logger = createLogger({ service: 'worker', level: 'info', destination });
      const runtime = await startWorkerRuntime(workerEnvSchema.parse({ ...envVars, ...overrides }), {
        logger,
        ...(now ? { now } : {}),
      });
      runtimes.push(runtime);
      return runtime;
    };
    const latency = new LatencyLog();
    const fleet: Fleet = {
      emulator,
      db: database.db,
      box,
      producer,
      env: workerEnvSchema.parse(envVars),
      envVars,
      receiverUrl,
      runtime: options.worker === false ? null : await startWorker(),
      logs,
      latency,
      connect: (tenantOptions) => connectTenant(fleet, tenantOptions),
      startWorker,
      async stopWorker(runtime) {
        const at = runtimes.indexOf(runtime);
        if (at >= 0) runtimes.splice(at, 1);
        await runtime.close();
      },
      resetFaults() {
        emulator.faults.configure(null);
        emulator.state.dropNotifications = false;
      },
      async close() {
        console.log(latency.summary(options.name));
        await unwind();
      },
    };
    return fleet;
  } catch (err) {
    await unwind();
    throw err;
  }
}

const EMPLOYEE_DEFAULTS = {
  firstName: null,
  lastName: null,
  department: 'Service Desk',
  location: 'HQ',
  timeZone: 'Europe/Berlin',
  securityRole: 'Technician',
  modules: ['tickets'],
};
