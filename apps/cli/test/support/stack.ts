import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { buildAdmin } from '@entra-sync/admin';
import { createSecretBox, saveEmployeeDefaults } from '@entra-sync/db';
import { createTestDatabase } from '@entra-sync/db/testing';
import { resolveEndpoints } from '@entra-sync/graph';
import type { RunningEmulator } from '@entra-sync/graph-emulator';
import { createRedis, Producer, queueKeys } from '@entra-sync/queues';
import { createLogger } from '@entra-sync/telemetry';
import { workerEnvSchema } from '@entra-sync/worker/src/env';
import { startWorkerRuntime, type WorkerRuntime } from '@entra-sync/worker/src/runtime';
import { createTestTenant, directoryOf, startTestEmulator, type TestTenant } from './emulator';
import { runCli, startCli, type CliResult, type CliRun } from './run-cli';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A real admin API on a loopback port: its own database (clone of the migrated template), Redis under a random
 * BullMQ prefix, the Graph emulator over HTTPS. `startWorker()` adds an in-process worker runtime on the same
 * database and prefix. Every log line of both is kept, so tests can prove a secret never appears there.
 */
export async function startStack(name: string) {
  const database = await createTestDatabase();
  const emulator: RunningEmulator = await startTestEmulator();
  const prefix = `cli-${name}-${randomBytes(4).toString('hex')}`;
  const redis = createRedis(REDIS_URL, 'worker');
  const producer = new Producer(redis, prefix);
  const encryptionKey = randomBytes(32).toString('base64');
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const token = randomBytes(24).toString('base64url');
  const app = buildAdmin({
    db: database.db,
    box: createSecretBox(encryptionKey),
    producer,
    graphEndpoints: resolveEndpoints({ graphEndpoint: emulator.url, loginEndpoint: emulator.url }),
    logger: createLogger({ service: 'admin', level: 'debug', destination }),
    adminToken: token,
    queuePrefix: prefix,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const env = { ENTRA_SYNC_URL: url, ADMIN_TOKEN: token };
  const workers: WorkerRuntime[] = [];

  /** the API directly, for setup and for checking what the CLI did */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function api<T = any>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : null,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  return {
    url,
    token,
    env,
    db: database.db,
    emulator,
    producer,
    prefix,
    logs,
    api,
    tenant: (): TestTenant => createTestTenant(emulator),
    directory: (tenant: TestTenant) => directoryOf(emulator, tenant),
    /** `entra-sync <args>` against this API (ENTRA_SYNC_URL and ADMIN_TOKEN set unless overridden) */
    cli: (
      args: string[],
      options: { env?: Record<string, string | undefined>; input?: string } = {},
    ): Promise<CliResult> => runCli(args, { ...env, ...options.env }, options.input),
    start: (
      args: string[],
      options: { env?: Record<string, string | undefined>; tty?: boolean } = {},
    ): CliRun => startCli(args, { ...env, ...options.env }, { tty: options.tty ?? false }),
    /** a connection made through the API, for a new tenant; the staff tenant (S3.4) unless told otherwise */
    async connection(connectionName = `Tenant ${randomBytes(3).toString('hex')}`, staffTenant = true) {
      const tenant = createTestTenant(emulator);
      const created = await api<{ id: string; name: string }>('POST', '/api/connections', {
        name: connectionName,
        tenant: tenant.domain,
        clientId: tenant.clientId,
        clientSecret: tenant.clientSecret,
        staffTenant,
      });
      return { ...created, tenant };
    },
    /** employee defaults, so employee rules can create records (S2.3) */
    defaults: () =>
      saveEmployeeDefaults(database.db, {
        firstName: null,
        lastName: null,
        department: 'Service Desk',
        location: 'HQ',
        timeZone: 'Europe/Berlin',
        securityRole: 'Technician',
        modules: ['tickets'],
      }),
    async startWorker(): Promise<WorkerRuntime> {
      const workerEnv = workerEnvSchema.parse({
        DATABASE_URL: database.url,
        REDIS_URL,
        ENCRYPTION_KEY: encryptionKey,
        GRAPH_ENDPOINT: emulator.url,
        LOGIN_ENDPOINT: emulator.url,
        // the test decides when a sync runs: no delta tick or reconnect probe in between
        DELTA_INTERVAL_SECONDS: '3600',
        RECONNECT_SECONDS: '3600',
        QUEUE_PREFIX: prefix,
        WORKER_METRICS_PORT: '0',
        LOG_LEVEL: 'info',
      });
      const runtime = await startWorkerRuntime(workerEnv, {
        logger: createLogger({ service: 'worker', level: 'info', destination }),
      });
      workers.push(runtime);
      return runtime;
    },
    async close() {
      await app.close();
      for (const worker of workers.splice(0)) await worker.close();
      await Promise.all(queueKeys.map((key) => producer.queue(key).obliterate({ force: true })));
      await producer.close();
      await redis.quit();
      await emulator.close();
      await database.destroy();
    },
  };
}

export type Stack = Awaited<ReturnType<typeof startStack>>;
