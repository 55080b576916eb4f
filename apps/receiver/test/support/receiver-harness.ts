import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { Redis } from 'ioredis';
import { createConnection, saveSubscription, type Db, type SecretBox } from '@entra-sync/db';
import { createTestDatabase, testSecretBox, type TestDatabase } from '@entra-sync/db/testing';
import { createRedis, Producer, queueKeys, type QueueKey } from '@entra-sync/queues';
import { createLogger, createMetrics, type Metrics } from '@entra-sync/telemetry';
import { buildReceiver, type ReceiverOptions } from '../../src/app';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface Tenant {
  connectionId: string;
  tenantId: string;
  clientSecret: string;
  /** subscription id → its clientState */
  users: { subscriptionId: string; clientState: string };
  groups: { subscriptionId: string; clientState: string };
}

export async function seedTenant(db: Db, box: SecretBox): Promise<Tenant> {
  const tenantId = randomUUID();
  const clientSecret = `client-secret-${randomBytes(8).toString('hex')}`;
  const connection = await createConnection(db, box, {
    name: `Contoso ${randomBytes(3).toString('hex')}`,
    tenant: 'contoso.onmicrosoft.com',
    tenantId,
    clientId: randomUUID(),
    clientSecret,
    status: 'connected',
  });
  const subscribe = async (resource: string) => {
    const sub = { subscriptionId: randomUUID(), clientState: `state-${randomBytes(16).toString('hex')}` };
    const expiresAt = new Date(Date.now() + 86_400_000);
    await saveSubscription(db, box, { connectionId: connection.id, resource, ...sub, expiresAt });
    return sub;
  };
  return {
    connectionId: connection.id,
    tenantId,
    clientSecret,
    users: await subscribe('users'),
    groups: await subscribe('groups'),
  };
}

/** A change notification as Graph sends it for users (`Users/{id}`) or groups. */
export function changeNotification(
  sub: { subscriptionId: string; clientState: string },
  tenantId: string,
  kind: 'user' | 'group',
  objectId: string,
  overrides: Record<string, unknown> = {},
) {
  const collection = kind === 'user' ? 'Users' : 'Groups';
  return {
    subscriptionId: sub.subscriptionId,
    subscriptionExpirationDateTime: '2026-12-01T10:00:00.0000000Z',
    changeType: 'updated',
    resource: `${collection}/${objectId}`,
    resourceData: {
      '@odata.type': kind === 'user' ? '#Microsoft.Graph.User' : '#Microsoft.Graph.Group',
      '@odata.id': `${collection}/${objectId}`,
      id: objectId,
      organizationId: tenantId,
    },
    clientState: sub.clientState,
    tenantId,
    ...overrides,
  };
}

export interface Answer {
  status: number;
  contentType: string;
  text: string;
}

export interface Harness {
  url: string;
  db: Db;
  box: SecretBox;
  producer: Producer;
  metrics: Metrics;
  /** every log line written */
  logs: string[];
  /** every response body received */
  bodies: string[];
  post(path: string, body: unknown, init?: { query?: string; contentType?: string }): Promise<Answer>;
  get(path: string): Promise<Answer>;
  jobs(key: QueueKey): Promise<{ name: string; data: unknown; state: string }[]>;
  clearQueues(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** defaults to the real Redis; point it elsewhere to see the receiver without Redis */
  redisUrl?: string;
  database?: TestDatabase;
  options?: ReceiverOptions;
}

export async function startReceiver(options: HarnessOptions = {}): Promise<Harness> {
  const database = options.database ?? (await createTestDatabase());
  const box = testSecretBox();
  const redis: Redis = createRedis(options.redisUrl ?? REDIS_URL, 'producer');
  redis.on('error', () => undefined);
  const prefix = `test-receiver-${randomBytes(4).toString('hex')}`;
  const producer = new Producer(redis, prefix);
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ service: 'receiver', level: 'debug', destination });
  const metrics = createMetrics({ service: 'receiver' });
  const app = buildReceiver({
    producer,
    db: database.db,
    box,
    logger,
    metrics,
    redis,
    options: options.options,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  if (options.redisUrl === undefined && redis.status !== 'ready')
    await new Promise((resolve) => redis.once('ready', resolve));

  const clearQueues = async () => {
    await Promise.all(queueKeys.map((key) => producer.queue(key).obliterate({ force: true })));
  };
  const bodies: string[] = [];
  const read = async (res: Response): Promise<Answer> => {
    const text = await res.text();
    bodies.push(text);
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', text };
  };

  return {
    url,
    db: database.db,
    box,
    producer,
    metrics,
    logs,
    bodies,
    async post(path, body, init = {}) {
      const res = await fetch(`${url}${path}${init.query ?? ''}`, {
        method: 'POST',
        headers: { 'content-type': init.contentType ?? 'application/json; charset=utf-8' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
      return read(res);
    },
    async get(path) {
      return read(await fetch(`${url}${path}`));
    },
    async jobs(key) {
      const jobs = await producer.queue(key).getJobs();
      return Promise.all(
        jobs.map(async (job) => ({ name: job.name, data: job.data as unknown, state: await job.getState() })),
      );
    },
    clearQueues,
    async close() {
      await app.close();
      if (options.redisUrl === undefined) await clearQueues();
      await producer.close();
      if (redis.status === 'ready') await redis.quit();
      else redis.disconnect();
      if (!options.database) await database.destroy();
    },
  };
}

/** A port nothing listens on: bind one, then let it go. */
export async function closedPort(): Promise<number> {
  const { createServer } = await import('node:net');
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
