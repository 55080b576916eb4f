import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { OwnedProcess, waitFor } from './child';
import { freePort } from './free-port';

export interface PrivateRedisOptions {
  /** append-only file with fsync on every write: a restart keeps every acknowledged write */
  aof?: boolean;
  /** defaults to `noeviction`, what entra-sync requires */
  maxmemoryPolicy?: string;
  command?: string;
}

/** A redis-server of our own on a random loopback port, for tests that restart, kill or freeze Redis. */
export class PrivateRedis {
  private server: OwnedProcess | null = null;

  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly options: PrivateRedisOptions,
  ) {}

  static async start(options: PrivateRedisOptions = {}): Promise<PrivateRedis> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'entra-sync-redis-'));
    chmodSync(dir, 0o777);
    const redis = new PrivateRedis(dir, await freePort(), options);
    await redis.boot();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.server?.running ? this.server.pid : -1;
  }

  get running(): boolean {
    return this.server?.running ?? false;
  }

  async boot(): Promise<void> {
    if (this.running) return;
    const persistence = this.options.aof
      ? ['--appendonly', 'yes', '--appendfsync', 'always', '--save', '']
      : ['--appendonly', 'no', '--save', ''];
    this.server = OwnedProcess.spawn(this.options.command ?? 'redis-server', [
      '--port',
      String(this.port),
      '--bind',
      '127.0.0.1',
      '--dir',
      this.dir,
      '--loglevel',
      'warning',
      '--maxmemory-policy',
      this.options.maxmemoryPolicy ?? 'noeviction',
      ...persistence,
    ]);
    const server = this.server;
    await waitFor(`private Redis on ${this.port}`, () => this.answers(), 10_000, server);
  }

  /** SIGTERM lets Redis finish writing the AOF; SIGKILL is a crash. */
  async shutdown(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    await this.server?.stop(signal);
    this.server = null;
  }

  async restart(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    await this.shutdown(signal);
    await this.boot();
  }

  freeze(): void {
    this.server?.signal('SIGSTOP');
  }

  thaw(): void {
    this.server?.signal('SIGCONT');
  }

  async destroy(): Promise<void> {
    this.thaw();
    await this.shutdown('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async answers(): Promise<boolean> {
    const client = new Redis(this.url, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return (await client.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      client.disconnect();
    }
  }
}
