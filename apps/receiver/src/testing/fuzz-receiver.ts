import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import { createConnection, createSecretBox, saveSubscription, type Db } from '@entra-sync/db';
import { createTestDatabase } from '@entra-sync/db/testing';
import { queueKeys } from '@entra-sync/queues';
import { testQueues } from '@entra-sync/queues/testing';
import { createLogger, createMetrics } from '@entra-sync/telemetry';
import { buildReceiver } from '../app';
import { fuzzCase, type FuzzCase } from './fuzz-arbitraries';
import { tryCase } from './fuzz-contract';

export interface FuzzOptions {
  /** cases to try (the CI run takes `FUZZ_RUNS`, the full chaos run ≥ 100,000) */
  runs: number;
  /** fast-check seed, printed with any failure so it can be replayed */
  seed?: number;
  /** a migrated database; default a per-test one (`createTestDatabase`, inside jest only) */
  db?: Db;
  /** requests in flight at once */
  concurrency?: number;
  onProgress?: (cases: number) => void;
}

export interface FuzzFailure {
  /** why the answer broke the contract */
  reason: string;
  status?: number;
  input: FuzzCase;
}

export interface FuzzResult {
  cases: number;
  failures: FuzzFailure[];
  seed: number;
  /** jobs found in the fuzz run's queues afterwards (garbage must enqueue nothing) */
  enqueued: number;
  /** answers by status */
  statuses: Record<string, number>;
}

const BATCH = 500;

/**
 * Throws hostile HTTP requests (bodies, headers, query strings, handshakes) at a real receiver over a real
 * Postgres and Redis (random queue prefix). The contract (decision R10): every answer is problem+json, or 202 with
 * no body, or the 200 handshake echoing a token of at most 1 KiB; never 5xx with Redis up; nothing is enqueued,
 * because no case carries the real clientState.
 */
export async function fuzzReceiver(options: FuzzOptions): Promise<FuzzResult> {
  const seed = options.seed ?? Date.now() % 2 ** 31;
  const database = options.db ? undefined : await createTestDatabase();
  const db = options.db ?? database!.db;
  const queues = testQueues();
  const box = createSecretBox(randomBytes(32));
  const clientState = `state-${randomBytes(24).toString('base64url')}`;
  // every log line is checked as it is written; none is kept (a 100,000-case run writes many)
  let leakedToLog = false;
  const logger = createLogger({
    service: 'receiver',
    level: 'debug',
    destination: new Writable({
      write(chunk, _encoding, done) {
        if (String(chunk).includes(clientState)) leakedToLog = true;
        done();
      },
    }),
  });
  const app = buildReceiver({
    producer: queues.producer,
    db,
    box,
    logger,
    metrics: createMetrics({ service: 'receiver', defaultMetrics: false }),
    redis: queues.redis,
    // exercised, never reached: every case comes from one address
    options: { rateLimit: { max: 1e9, windowMs: 60_000 } },
  });
  try {
    if (queues.redis.status !== 'ready') await new Promise((resolve) => queues.redis.once('ready', resolve));
    const tenantId = randomUUID();
    const connection = await createConnection(db, box, {
      name: `Fuzz ${randomBytes(3).toString('hex')}`,
      tenant: 'fuzz.onmicrosoft.com',
      tenantId,
      clientId: randomUUID(),
      clientSecret: 'fuzz-client-secret',
      status: 'connected',
    });
    const subscriptionId = randomUUID();
    await saveSubscription(db, box, {
      connectionId: connection.id,
      resource: 'users',
      subscriptionId,
      clientState,
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as AddressInfo).port;
    const concurrency = options.concurrency ?? 16;
    const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });

    const failures: FuzzFailure[] = [];
    const statuses: Record<string, number> = {};
    const arbitrary = fuzzCase({ subscriptionId, tenantId });
    let cases = 0;
    for (let offset = 0; offset < options.runs; offset += BATCH) {
      const batch = fc.sample(arbitrary, {
        numRuns: Math.min(BATCH, options.runs - offset),
        seed: seed + offset,
      });
      await inParallel(batch, concurrency, async (input) => {
        const failure = await tryCase({ port, agent }, input, clientState);
        statuses[failure.status ?? 'error'] = (statuses[failure.status ?? 'error'] ?? 0) + 1;
        if (failure.reason) failures.push({ reason: failure.reason, status: failure.status, input });
      });
      cases += batch.length;
      options.onProgress?.(cases);
    }
    agent.destroy();
    const counts = await Promise.all(
      queueKeys.map((key) =>
        queues.producer
          .queue(key)
          .getJobCountByTypes('waiting', 'delayed', 'prioritized', 'active', 'completed', 'failed'),
      ),
    );
    const enqueued = counts.reduce((a, b) => a + b, 0);
    if (enqueued > 0) failures.push({ reason: `${enqueued} job(s) enqueued from garbage`, input: emptyCase });
    if (leakedToLog) failures.push({ reason: 'the clientState appeared in a log line', input: emptyCase });
    return { cases, failures, seed, enqueued, statuses };
  } finally {
    await app.close();
    await queues.close();
    await database?.destroy();
  }
}

const emptyCase: FuzzCase = { method: 'POST', path: '', query: '', headers: {}, body: '' };

async function inParallel<T>(
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await work(items[next++] as T);
  });
  await Promise.all(lanes);
}
