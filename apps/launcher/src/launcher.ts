import path from 'node:path';
import type { Redis } from 'ioredis';
import { dbTimeouts } from '@entra-sync/config';
import { createSecretBox, type Db } from '@entra-sync/db';
import { closeRedis, createRedis, Producer } from '@entra-sync/queues';
import { generateAdminToken, ensureEncryptionKeyFile } from './env/demo-secrets';
import type { LauncherEnv } from './env/launcher-env';
import { prepareDatabase } from './launch/database';
import { startDemo, type RunningDemo } from './launch/demo';
import { startWebChild, startWorkerChild } from './launch/fleet';
import { summaryLines, type Summary } from './launch/summary';
import { assertPortFree, freePort } from './processes/free-port';
import { describeExit, type ManagedChild } from './processes/managed-child';
import { ensureRedis } from './redis/private-redis';
import { describeRedisUrl } from './redis/redis-probe';
import { REPO_ROOT } from './paths';

type Print = (line: string) => void;

class Stopped extends Error {}

/**
 * `npm start`: Postgres (DATABASE_URL or embedded), Redis (REDIS_URL or a private server), in demo mode the
 * emulator with a demo tenant, then the web server and the worker as children; stop() takes it all down in order.
 */
export class Launcher {
  private stopping = false;
  private stopped: Promise<number> | null = null;
  private postgres: ManagedChild | null = null;
  private privateRedis: ManagedChild | null = null;
  private db: Db | null = null;
  private redis: Redis | null = null;
  private producer: Producer | null = null;
  private demo: RunningDemo | null = null;
  private web: ManagedChild | null = null;
  private worker: ManagedChild | null = null;
  private resolveFailure: (code: number) => void = () => undefined;
  /** settles with an exit code when a child dies on its own */
  readonly failed = new Promise<number>((resolve) => {
    this.resolveFailure = resolve;
  });

  constructor(
    private readonly env: LauncherEnv,
    private readonly print: Print,
    private readonly baseEnv: NodeJS.ProcessEnv = process.env,
  ) {}

  async start(): Promise<Summary> {
    const env = this.env;
    const demo = env.ENTRA_SYNC_DEMO;
    const dataDir = path.resolve(REPO_ROOT, env.ENTRA_SYNC_DATA_DIR);
    const say = (text: string) => this.print(`[launcher] ${text}`);
    say(`entra-sync ${demo ? 'demo' : '(ENTRA_SYNC_DEMO=0)'}: starting; Ctrl-C stops everything`);
    await assertPortFree(env.PORT, env.HOST);
    const port = env.PORT === 0 ? await freePort(env.HOST) : env.PORT;
    const publicUrl = env.PUBLIC_URL ?? `http://127.0.0.1:${port}`;
    const adminToken = env.ADMIN_TOKEN ?? generateAdminToken();
    const key = env.ENCRYPTION_KEY
      ? { key: env.ENCRYPTION_KEY, file: null }
      : ensureEncryptionKeyFile(dataDir);

    const database = await prepareDatabase({
      url: env.DATABASE_URL,
      dataDir: path.join(dataDir, 'pglite', demo ? 'demo' : 'main'),
      timeouts: dbTimeouts(env),
      print: this.print,
    });
    this.watch((this.postgres = database.embedded));
    this.db = database.db;
    this.checkpoint();

    const redisChoice = await ensureRedis({
      url: env.REDIS_URL,
      dir: path.join(dataDir, 'redis'),
      print: this.print,
    });
    this.watch((this.privateRedis = redisChoice.server));
    say(
      redisChoice.server
        ? `Redis: nothing answers at ${describeRedisUrl(env.REDIS_URL)}; started a private redis-server at ${redisChoice.url} (nothing saved)`
        : `Redis: using ${describeRedisUrl(redisChoice.url)}`,
    );
    this.redis = createRedis(redisChoice.url, 'producer');
    this.redis.on('error', () => undefined);
    this.producer = new Producer(this.redis, env.QUEUE_PREFIX);
    this.checkpoint();

    const childEnv: NodeJS.ProcessEnv = {
      ...this.baseEnv,
      DATABASE_URL: database.url,
      REDIS_URL: redisChoice.url,
      ENCRYPTION_KEY: key.key,
      ADMIN_TOKEN: adminToken,
      PUBLIC_URL: publicUrl,
      QUEUE_PREFIX: env.QUEUE_PREFIX,
      LOG_LEVEL: env.LOG_LEVEL,
      ENTRA_SYNC_DEMO: demo ? '1' : '0',
    };
    if (demo) {
      this.demo = await startDemo({
        env,
        dataDir,
        db: database.db,
        box: createSecretBox(key.key, env.ENCRYPTION_KEYS_OLD),
        producer: this.producer,
        baseEnv: this.baseEnv,
        print: this.print,
        onChild: (child) => this.watch(child),
      });
      Object.assign(childEnv, this.demo.graphEnv);
      this.checkpoint();
    }

    say(`HTTP: starting the receiver and the admin API on http://${env.HOST}:${port}`);
    this.watch(
      (this.web = await startWebChild({
        env: { ...childEnv, PORT: String(port), HOST: env.HOST, DATABASE_POOL_MAX: String(database.poolMax) },
        print: this.print,
      })),
    );
    this.checkpoint();
    const workerMetricsPort = await freePort();
    this.watch(
      (this.worker = await startWorkerChild({
        env: { ...childEnv, WORKER_METRICS_PORT: String(workerMetricsPort) },
        print: this.print,
      })),
    );
    this.checkpoint();
    const runId = this.demo ? await this.demo.startSyncing() : null;

    const summary: Summary = {
      demo,
      url: `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${port}`,
      publicUrl,
      adminToken: env.ADMIN_TOKEN ? null : adminToken,
      database: database.description,
      redis: redisChoice.server
        ? `private redis-server at ${redisChoice.url} (started by npm start, nothing saved)`
        : describeRedisUrl(redisChoice.url),
      graph: this.demo
        ? this.demo.description
        : `${env.GRAPH_CLOUD} cloud${env.GRAPH_ENDPOINT ? ` via ${env.GRAPH_ENDPOINT}` : ''}`,
      encryptionKeyFile: key.file,
      workerMetrics: `http://127.0.0.1:${workerMetricsPort}/metrics`,
      runId,
    };
    for (const line of summaryLines(summary)) this.print(line);
    return summary;
  }

  /** STYLE habit 14, for the whole tree: HTTP, workers (active jobs finish), emulator, queues, Redis, pg, servers. */
  stop(reason: string): Promise<number> {
    if (this.stopped) return this.stopped;
    this.stopping = true;
    this.stopped = this.shutdown(reason);
    return this.stopped;
  }

  private async shutdown(reason: string): Promise<number> {
    const say = (text: string) => this.print(`[launcher] ${text}`);
    say(`stopping (${reason})`);
    let clean = true;
    const done: string[] = [];
    const step = async (what: string, work: () => Promise<unknown>) => {
      try {
        await work();
        done.push(what);
      } catch (err) {
        clean = false;
        say(`WARN while stopping ${what}: ${(err as Error).message}`);
      }
    };
    const { demo, producer, redis, db } = this;
    if (demo) await step('directory changes', () => demo.stopChanges());
    for (const child of [this.web, this.worker])
      if (child) await step(child.name, () => this.stopChild(child));
    if (demo) await step('emulator', () => demo.stopEmulator((child) => this.stopChild(child)));
    if (producer) await step('queues', () => producer.close());
    if (redis) await step('redis connection', () => closeRedis(redis));
    if (db) await step('postgres pool', () => db.destroy());
    for (const child of [this.privateRedis, this.postgres])
      if (child) await step(child.name, () => this.stopChild(child));
    say(`${clean ? 'stopped' : 'stopped, not cleanly (see above)'}: ${done.join(', ')}`);
    return clean ? 0 : 1;
  }

  private async stopChild(child: ManagedChild): Promise<void> {
    const exit = await child.stop();
    if (exit.code !== 0 && exit.signal !== 'SIGTERM')
      throw new Error(`${child.name} exited with ${describeExit(exit)}`);
  }

  /** A child that dies while the tree runs brings the tree down (non-zero exit). */
  private watch(child: ManagedChild | null): void {
    if (!child) return;
    void child.exited.then((exit) => {
      if (child.stopping || this.stopping) return;
      this.print(
        `[launcher] ERROR ${child.name} stopped unexpectedly (${describeExit(exit)}); stopping everything`,
      );
      void this.stop(`${child.name} died`).then(() => this.resolveFailure(1));
    });
  }

  private checkpoint(): void {
    if (this.stopping) throw new Stopped('stopped while starting');
  }
}

export const isStopped = (err: unknown): boolean => err instanceof Stopped;
