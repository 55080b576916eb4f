import { randomBytes, randomUUID } from 'node:crypto';
import { createConnection } from '@entra-sync/db';
import { createTestDatabase, testSecretBox, type TestDatabase } from '@entra-sync/db/testing';
import { testQueues, type TestQueues } from '@entra-sync/queues/testing';
import { createLogger } from '@entra-sync/telemetry';
import { workerEnvSchema } from '../src/env';
import { startWorkerRuntime, type WorkerRuntime } from '../src/runtime';

// Issue 15 item 7: a worker's own /metrics is for a scraper on the same host (METRICS_HOST) and names
// connections by id; customer names belong in the admin API.
describe("the worker's /metrics surface", () => {
  let database: TestDatabase;
  let queues: TestQueues;
  const runtimes: WorkerRuntime[] = [];
  beforeAll(async () => {
    database = await createTestDatabase();
    queues = testQueues();
  });
  afterAll(async () => {
    for (const runtime of runtimes) await runtime.close();
    await queues?.close();
    await database?.destroy();
  });

  const start = async (extra: Record<string, string> = {}) => {
    const env = workerEnvSchema.parse({
      DATABASE_URL: database.url,
      ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      // nothing is scheduled for a disabled connection, so Graph is never called
      GRAPH_ENDPOINT: 'https://127.0.0.1:9',
      LOGIN_ENDPOINT: 'https://127.0.0.1:9',
      QUEUE_PREFIX: queues.prefix,
      WORKER_METRICS_PORT: '0',
      WORKER_NICE: '0',
      ...extra,
    });
    const runtime = await startWorkerRuntime(env, {
      logger: createLogger({ service: 'worker', level: 'silent' }),
    });
    runtimes.push(runtime);
    return runtime;
  };

  it('METRICS_HOST defaults to 127.0.0.1 and the worker listens there only', async () => {
    expect(
      workerEnvSchema.parse({
        DATABASE_URL: database.url,
        ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      }).METRICS_HOST,
    ).toBe('127.0.0.1');
    const runtime = await start();
    expect(new URL(runtime.metricsUrl).hostname).toBe('127.0.0.1');
    expect((await fetch(runtime.metricsUrl)).status).toBe(200);
  });

  it('METRICS_HOST is honoured (an IPv6 loopback here)', async () => {
    const runtime = await start({ METRICS_HOST: '::1' });
    expect(new URL(runtime.metricsUrl).hostname).toBe('[::1]');
    expect((await fetch(runtime.metricsUrl)).status).toBe(200);
  });

  it('the connection-state series name the connection by id, never by its (customer) name', async () => {
    const name = `Contoso Customer ${randomUUID().slice(0, 8)}`;
    const connection = await createConnection(database.db, testSecretBox(), {
      name,
      tenant: `${randomUUID().slice(0, 8)}.onmicrosoft.com`,
      clientId: randomUUID(),
      clientSecret: 'never-in-metrics',
      status: 'disabled',
    });
    const runtime = runtimes[0] ?? (await start());
    const text = await (await fetch(runtime.metricsUrl)).text();
    expect(text).toContain(`entra_sync_connection_state{connection="${connection.id}",state="disabled"`);
    expect(text).not.toContain(name);
    expect(text).not.toContain('never-in-metrics');
  });
});
