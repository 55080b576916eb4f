import { spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { OwnedProcess, waitFor } from './child';
import { freePort } from './free-port';

export const POSTGRES_BIN = process.env.POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PrivatePostgresOptions {
  /** extra `-c name=value` settings */
  settings?: Record<string, string | number>;
  readyTimeoutMs?: number;
}

/**
 * A Postgres cluster of our own (temporary data directory, random loopback port) for tests that stop, restart,
 * kill or freeze the database. Postgres refuses to run as root: under root it runs as the `postgres` user.
 */
export class PrivatePostgres {
  private server: OwnedProcess | null = null;

  private constructor(
    readonly dataDir: string,
    readonly port: number,
    private readonly owner: { uid: number; gid: number } | undefined,
    private readonly options: PrivatePostgresOptions,
  ) {}

  static async start(options: PrivatePostgresOptions = {}): Promise<PrivatePostgres> {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'entra-sync-pg-'));
    const owner = process.getuid?.() === 0 ? postgresUser() : undefined;
    if (owner) chownSync(dataDir, owner.uid, owner.gid);
    const init = spawnSync(
      path.join(POSTGRES_BIN, 'initdb'),
      ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync', '--no-instructions'],
      { encoding: 'utf8', ...(owner ?? {}) },
    );
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.stdout}`);
    const cluster = new PrivatePostgres(dataDir, await freePort(), owner, options);
    await cluster.boot();
    return cluster;
  }

  url(database = 'postgres'): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** the postmaster's pid, or -1 when stopped */
  get pid(): number {
    return this.server?.running ? this.server.pid : -1;
  }

  get running(): boolean {
    return this.server?.running ?? false;
  }

  async boot(): Promise<void> {
    if (this.running) return;
    const settings = {
      listen_addresses: '127.0.0.1',
      unix_socket_directories: this.dataDir,
      fsync: 'off',
      full_page_writes: 'off',
      ...this.options.settings,
    };
    const args = ['-D', this.dataDir, '-p', String(this.port)];
    for (const [name, value] of Object.entries(settings)) args.push('-c', `${name}=${value}`);
    this.server = OwnedProcess.spawn(
      path.join(POSTGRES_BIN, 'postgres'),
      args,
      this.owner?.uid,
      this.owner?.gid,
    );
    const server = this.server;
    await waitFor(
      `private Postgres on ${this.port}`,
      () => this.accepts(),
      this.options.readyTimeoutMs ?? 30_000,
      server,
    );
  }

  /** `fast` = SIGINT (clean), `immediate` = SIGQUIT (crash-like: recovery on the next start), `kill` = SIGKILL. */
  async shutdown(mode: 'fast' | 'immediate' | 'kill' = 'fast'): Promise<void> {
    if (!this.server) return;
    if (mode === 'kill') for (const pid of this.backendPids()) signalPid(pid, 'SIGKILL');
    await this.server.stop(mode === 'fast' ? 'SIGINT' : mode === 'immediate' ? 'SIGQUIT' : 'SIGKILL');
    this.server = null;
  }

  async restart(mode: 'fast' | 'immediate' | 'kill' = 'fast'): Promise<void> {
    await this.shutdown(mode);
    if (mode === 'kill') this.removeStalePid();
    await this.boot();
  }

  /** Freezes the whole cluster (SIGSTOP): connections stay open and nothing answers — a hung database. */
  freeze(): void {
    for (const pid of [this.pid, ...this.backendPids()]) signalPid(pid, 'SIGSTOP');
  }

  thaw(): void {
    for (const pid of [this.pid, ...this.backendPids()]) signalPid(pid, 'SIGCONT');
  }

  /** Runs one statement on a fresh connection (database `postgres` unless named). */
  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values: unknown[] = [],
    database = 'postgres',
  ): Promise<R[]> {
    const client = new pg.Client({ connectionString: this.url(database) });
    await client.connect();
    try {
      return (await client.query<R>(text, values)).rows;
    } finally {
      await client.end();
    }
  }

  /** `pg_terminate_backend` for every client session but this one's; returns how many were ended. */
  async terminateBackends(applicationName?: string): Promise<number> {
    const rows = await this.query<{ ended: boolean }>(
      `select pg_terminate_backend(pid) as ended from pg_stat_activity
        where pid <> pg_backend_pid() and backend_type = 'client backend'
          and ($1::text is null or application_name = $1)`,
      [applicationName ?? null],
    );
    return rows.filter((row) => row.ended).length;
  }

  async destroy(): Promise<void> {
    if (this.server?.running) this.thaw();
    await this.shutdown('immediate');
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private async accepts(): Promise<boolean> {
    const client = new pg.Client({ connectionString: this.url(), connectionTimeoutMillis: 1000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** the postmaster's children (backends and auxiliary processes), read from /proc */
  private backendPids(): number[] {
    const parent = this.pid;
    if (parent < 0) return [];
    const pids: number[] = [];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid === parent) pids.push(Number(entry));
      } catch {
        // the process ended while we looked
      }
    }
    return pids;
  }

  private removeStalePid(): void {
    rmSync(path.join(this.dataDir, 'postmaster.pid'), { force: true });
  }
}

function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) =>
    Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
  const uid = id('-u');
  const gid = id('-g');
  if (!Number.isInteger(uid) || uid <= 0)
    throw new Error('running as root needs a `postgres` user for a private cluster');
  return { uid, gid };
}

function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    if (pid > 0) process.kill(pid, signal);
  } catch {
    // already gone
  }
}
