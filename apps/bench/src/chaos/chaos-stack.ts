import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  createDb,
  createSecretBox,
  migrateToLatest,
  saveEmployeeDefaults,
  type Db,
  type SecretBox,
} from '@entra-sync/db';
import { createRedis, Producer, queueKeys, queueStats } from '@entra-sync/queues';
import { freePort, PrivatePostgres, PrivateRedis } from '@entra-sync/test-infra';
import { Child } from '../infra/child';
import { EmulatorClient } from '../infra/emulator-client';
import { BENCH_EMPLOYEE_DEFAULTS } from '../infra/employee-defaults';

const DATABASE = 'entra_chaos';
const ADMIN_TOKEN = randomBytes(24).toString('base64url');

export interface ChaosStackOptions {
  workers: number;
  deltaIntervalSeconds: number;
  reconnectSeconds: number;
  workerLockMs: number;
  logLevel: string;
}

/**
 * The fleet under fault: a private Postgres and a private Redis (AOF, fsync always) the suite may restart, kill
 * and freeze (STYLE 19), the Graph emulator over HTTPS, the receiver, the admin API and N worker processes.
 * The suite's own connections (seeding, polling, the oracle) keep retrying through every fault.
 */
/** A process that exited without the suite asking (an uncaught error), restarted like a supervisor would. */
export interface Crash {
  process: string;
  atSeconds: number;
  /** exit code or signal */
  status: string;
  /** its last output lines: the error it died of */
  lastLines: string;
}

export class ChaosStack {
  readonly workers: Child[] = [];
  readonly crashes: Crash[] = [];
  private spawned = 0;
  private readonly started = performance.now();
  private readonly intended = new Set<Child>();
  private supervisor: NodeJS.Timeout | null = null;
  private restarting = false;
  private closed = false;

  private constructor(
    readonly postgres: PrivatePostgres,
    readonly redisServer: PrivateRedis,
    readonly db: Db,
    readonly box: SecretBox,
    readonly redis: Redis,
    readonly producer: Producer,
    readonly emulatorProcess: Child,
    readonly emulator: EmulatorClient,
    public receiver: Child,
    public admin: Child,
    readonly adminUrl: string,
    readonly env: Record<string, string>,
    private readonly spawnEdge: Record<'receiver' | 'admin', () => Child>,
  ) {}

  static async start(options: ChaosStackOptions): Promise<ChaosStack> {
    const stoppers: Array<() => Promise<unknown>> = [];
    try {
      const postgres = await PrivatePostgres.start({ settings: { max_connections: 200 } });
      stoppers.push(() => postgres.destroy());
      await postgres.query(`create database ${DATABASE}`);
      const databaseUrl = postgres.url(DATABASE);
      const db = createDb(databaseUrl, { max: 4, applicationName: 'entra-sync-chaos' });
      stoppers.push(() => db.destroy());
      await migrateToLatest(db);
      await saveEmployeeDefaults(db, BENCH_EMPLOYEE_DEFAULTS);
      const redisServer = await PrivateRedis.start({ aof: true });
      stoppers.push(() => redisServer.destroy());
      const key = randomBytes(32).toString('base64');
      const prefix = `chaos-${randomBytes(4).toString('hex')}`;
      const redis = createRedis(redisServer.url, 'producer');
      const producer = new Producer(redis, prefix);
      // the suite's own Redis client sees every restart it makes: its reads retry, its errors are not news
      redis.on('error', () => undefined);
      for (const key of queueKeys) producer.queue(key).on('error', () => undefined);
      stoppers.push(async () => {
        await producer.close();
        redis.disconnect();
      });

      const tlsDir = process.env.ENTRA_SYNC_TLS_DIR;
      const emulatorProcess = new Child(
        'graph-emulator',
        'apps/graph-emulator/src/main.ts',
        ['--port', '0', ...(tlsDir ? ['--tls-dir', tlsDir] : [])],
        {},
        10,
      );
      stoppers.push(() => emulatorProcess.stop());
      const [, emulatorUrl] = await emulatorProcess.waitFor(/graph-emulator listening on (https:\/\/\S+)/);

      const common = {
        DATABASE_URL: databaseUrl,
        REDIS_URL: redisServer.url,
        ENCRYPTION_KEY: key,
        QUEUE_PREFIX: prefix,
        LOG_LEVEL: options.logLevel,
        GRAPH_ENDPOINT: emulatorUrl as string,
        LOGIN_ENDPOINT: emulatorUrl as string,
      };
      // fixed ports: a restarted receiver keeps the URL Graph's subscriptions deliver to
      const edge = { ...common, HOST: '127.0.0.1' };
      const receiverPort = String(await freePort());
      const adminPort = String(await freePort());
      const spawnEdge = {
        receiver: () =>
          new Child('receiver', 'apps/receiver/src/main.ts', [], { ...edge, PORT: receiverPort }),
        admin: () =>
          new Child('admin', 'apps/admin/src/main.ts', [], { ...edge, PORT: adminPort, ADMIN_TOKEN }),
      };
      const receiver = spawnEdge.receiver();
      stoppers.push(() => receiver.stop());
      const admin = spawnEdge.admin();
      stoppers.push(() => admin.stop());
      const [, receiverUrl] = await receiver.waitFor(/receiver listening on (http:\/\/[\d.]+:\d+)/);
      const [, adminUrl] = await admin.waitFor(/admin API listening on (http:\/\/[\d.]+:\d+)/);

      const env = {
        ...common,
        PUBLIC_URL: receiverUrl as string,
        DELTA_INTERVAL_SECONDS: String(options.deltaIntervalSeconds),
        RECONNECT_SECONDS: String(options.reconnectSeconds),
        WORKER_LOCK_MS: String(options.workerLockMs),
        WORKER_METRICS_PORT: '0',
      };
      const stack = new ChaosStack(
        postgres,
        redisServer,
        db,
        createSecretBox(key),
        redis,
        producer,
        emulatorProcess,
        new EmulatorClient(emulatorUrl as string),
        receiver,
        admin,
        adminUrl as string,
        env,
        spawnEdge,
      );
      stoppers.push(() => Promise.all(stack.workers.map((w) => w.stop())));
      await Promise.all(Array.from({ length: options.workers }, () => stack.spawnWorker()));
      stack.supervisor = setInterval(() => void stack.superviseOnce(), 500);
      return stack;
    } catch (err) {
      for (const stop of stoppers.reverse()) await stop().catch(() => undefined);
      throw err;
    }
  }

  /** A new worker process in the first free slot (or a new one); resolves once it has started. */
  async spawnWorker(slot = this.workers.length): Promise<Child> {
    if (this.closed) throw new Error('the chaos stack is closed');
    const worker = new Child(`worker-${++this.spawned}`, 'apps/worker/src/main.ts', [], this.env);
    this.workers[slot] = worker;
    await worker.waitFor(/"msg":"worker started"/, 120_000);
    return worker;
  }

  /** SIGKILL the worker in `slot` (no shutdown, active jobs stall), then start its replacement. */
  async killWorker(slot: number): Promise<void> {
    await this.killing(slot);
    await this.spawnWorker(slot);
  }

  /** SIGKILL the worker in `slot`, known to the supervisor as intended (no crash counted, no restart). */
  async killing(slot: number): Promise<void> {
    const worker = this.workers[slot];
    if (!worker) return;
    this.intended.add(worker);
    await worker.kill();
  }

  /** Restarts every process that exited on its own, as production's supervisor does (restart: unless-stopped). */
  private async superviseOnce(): Promise<void> {
    if (this.restarting || this.closed) return;
    this.restarting = true;
    try {
      for (const [slot, worker] of this.workers.entries()) {
        if (worker.running || this.intended.has(worker)) continue;
        this.crashed(worker);
        await this.spawnWorker(slot);
      }
      for (const role of ['receiver', 'admin'] as const) {
        if (this[role].running) continue;
        this.crashed(this[role]);
        this[role] = this.spawnEdge[role]();
        await this[role].waitFor(/listening on/, 120_000);
      }
    } catch {
      // the next round tries again
    } finally {
      this.restarting = false;
    }
  }

  private crashed(child: Child): void {
    this.crashes.push({
      process: child.name,
      status: child.exitStatus ?? 'unknown',
      atSeconds: Math.round((performance.now() - this.started) / 1000),
      lastLines: child.tail(8),
    });
  }

  /** Jobs not finished yet (waiting, active, delayed) over every queue; dead letters not included. */
  async pendingJobs(): Promise<number> {
    const stats = await queueStats(this.producer);
    return stats.reduce((sum, q) => sum + q.waiting + q.active + q.delayed, 0);
  }

  /** The admin API as an operator uses it (bearer token). */
  async api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const response = await fetch(`${this.adminUrl}/api${path}`, {
      method,
      headers: {
        authorization: `Bearer ${ADMIN_TOKEN}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /** Stops everything it started, each part even when another failed to stop. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.supervisor) clearInterval(this.supervisor);
    const steps: Array<() => Promise<unknown>> = [
      () => Promise.all(this.workers.map((w) => w.stop())),
      () => this.receiver.stop(),
      () => this.admin.stop(),
      () => this.emulatorProcess.stop(),
      () => this.producer.close(),
      async () => this.redis.disconnect(),
      () => this.db.destroy(),
      () => this.redisServer.destroy(),
      () => this.postgres.destroy(),
    ];
    for (const step of steps) await step().catch(() => undefined);
  }
}
