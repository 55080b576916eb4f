import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { createSecretBox, saveEmployeeDefaults, type SecretBox } from '@entra-sync/db';
import { createRedis, Producer, queueKeys } from '@entra-sync/queues';
import { Child } from './child';
import { createBenchDatabase, type BenchDatabase } from './database';
import { EmulatorClient } from './emulator-client';
import { BENCH_EMPLOYEE_DEFAULTS } from './employee-defaults';

/** the emulator's CPU priority: below the system under test's, like a remote Graph (N13) */
const EMULATOR_NICE = 10;

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface StackOptions {
  workers: number;
  deltaIntervalSeconds: number;
  logLevel: string;
}

/** Peak RSS per process of a run, MB (the kernel's high-water mark, read before the processes stop). */
export interface PeakRss {
  receiverMb: number | null;
  workersMb: Array<number | null>;
  emulatorMb: number | null;
}

/**
 * The system under test, as production runs it: the emulator (standing in for Graph), the receiver and N worker
 * processes, each its own `node` process, against a fresh database and a random queue prefix in the real Redis.
 */
export class Stack {
  private constructor(
    readonly database: BenchDatabase,
    readonly box: SecretBox,
    readonly redis: Redis,
    readonly producer: Producer,
    readonly prefix: string,
    readonly emulatorProcess: Child,
    readonly emulator: EmulatorClient,
    readonly receiver: Child,
    readonly receiverUrl: string,
    readonly workers: Child[],
    readonly env: Record<string, string>,
  ) {}

  static async start(options: StackOptions): Promise<Stack> {
    const started: Array<{ stop(): Promise<unknown> }> = [];
    try {
      const database = await createBenchDatabase();
      started.push({ stop: () => database.drop() });
      await saveEmployeeDefaults(database.db, BENCH_EMPLOYEE_DEFAULTS);
      const key = randomBytes(32).toString('base64');
      const prefix = `bench-${randomBytes(4).toString('hex')}`;
      const redis = createRedis(REDIS_URL, 'producer');
      const producer = new Producer(redis, prefix);
      started.push({
        stop: async () => {
          await Promise.all(queueKeys.map((k) => producer.queue(k).obliterate({ force: true })));
          await producer.close();
          await redis.quit();
        },
      });

      const tlsDir = process.env.ENTRA_SYNC_TLS_DIR;
      const emulatorProcess = new Child(
        'graph-emulator',
        'apps/graph-emulator/src/main.ts',
        ['--port', '0', ...(tlsDir ? ['--tls-dir', tlsDir] : [])],
        {},
        // Graph runs on Microsoft's machines, not on the cores entra-sync shares (N13): its stand-in yields to them
        EMULATOR_NICE,
      );
      started.push(emulatorProcess);
      const [, emulatorUrl] = await emulatorProcess.waitFor(/graph-emulator listening on (https:\/\/\S+)/);

      const common = {
        DATABASE_URL: database.url,
        REDIS_URL,
        ENCRYPTION_KEY: key,
        QUEUE_PREFIX: prefix,
        LOG_LEVEL: options.logLevel,
      };
      const receiver = new Child('receiver', 'apps/receiver/src/main.ts', [], {
        ...common,
        PORT: '0',
        HOST: '127.0.0.1',
      });
      started.push(receiver);
      const [, receiverUrl] = await receiver.waitFor(/receiver listening on (http:\/\/[\d.]+:\d+)/);

      const env = {
        ...common,
        PUBLIC_URL: receiverUrl as string,
        GRAPH_ENDPOINT: emulatorUrl as string,
        LOGIN_ENDPOINT: emulatorUrl as string,
        DELTA_INTERVAL_SECONDS: String(options.deltaIntervalSeconds),
        RECONNECT_SECONDS: '120',
        WORKER_METRICS_PORT: '0',
      };
      const workers = Array.from(
        { length: options.workers },
        (_, i) => new Child(`worker-${i + 1}`, 'apps/worker/src/main.ts', [], env),
      );
      started.push(...workers);
      await Promise.all(workers.map((w) => w.waitFor(/"msg":"worker started"/)));
      return new Stack(
        database,
        createSecretBox(key),
        redis,
        producer,
        prefix,
        emulatorProcess,
        new EmulatorClient(emulatorUrl as string),
        receiver,
        receiverUrl as string,
        workers,
        env,
      );
    } catch (err) {
      for (const part of started.reverse()) await part.stop().catch(() => undefined);
      throw err;
    }
  }

  get db() {
    return this.database.db;
  }

  peakRss(): PeakRss {
    return {
      receiverMb: this.receiver.peakRssMb(),
      workersMb: this.workers.map((w) => w.peakRssMb()),
      emulatorMb: this.emulatorProcess.peakRssMb(),
    };
  }

  /**
   * Pauses (or resumes) every queue: workers finish their active jobs and take no new ones, while adds are still
   * written and acknowledged by Redis.
   */
  async pauseQueues(paused: boolean): Promise<void> {
    await Promise.all(
      queueKeys.map((k) => (paused ? this.producer.queue(k).pause() : this.producer.queue(k).resume())),
    );
  }

  /** Jobs that ended as dead letters (failed after their last attempt), over every queue. */
  async deadLetters(): Promise<number> {
    const counts = await Promise.all(queueKeys.map((k) => this.producer.queue(k).getFailedCount()));
    return counts.reduce((a, b) => a + b, 0);
  }

  /** Workers first (active jobs finish), then the receiver, the emulator, the queues and the database. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.stop()));
    await this.receiver.stop();
    await this.emulatorProcess.stop();
    await Promise.all(queueKeys.map((k) => this.producer.queue(k).obliterate({ force: true })));
    await this.producer.close();
    await this.redis.quit();
    await this.database.drop();
  }
}
