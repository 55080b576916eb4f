import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ManagedChild } from '../processes/managed-child';
import { freePort } from '../processes/free-port';
import { describeRedisUrl, isRedisReachable } from './redis-probe';

export const REDIS_INSTALL_HINT =
  'install one (apt-get install redis-server, or brew install redis) or start the bundled one with docker compose up -d redis';

export class RedisUnavailableError extends Error {
  constructor(url: string) {
    super(
      `Redis is not reachable at ${describeRedisUrl(url)} and redis-server is not installed: ${REDIS_INSTALL_HINT}`,
    );
    this.name = 'RedisUnavailableError';
  }
}

export interface RedisChoice {
  url: string;
  /** the private server this launcher started, or null when REDIS_URL answered */
  server: ManagedChild | null;
}

export function redisServerInstalled(command = 'redis-server'): boolean {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;
}

export interface EnsureRedisOptions {
  url: string;
  /** the private server's working directory (nothing is saved there: no RDB, no AOF) */
  dir: string;
  print: (line: string) => void;
  command?: string;
  readyTimeoutMs?: number;
}

/** REDIS_URL when it answers; else a private, unsaved redis-server on a free loopback port. */
export async function ensureRedis(options: EnsureRedisOptions): Promise<RedisChoice> {
  if (await isRedisReachable(options.url)) return { url: options.url, server: null };
  const command = options.command ?? 'redis-server';
  if (!redisServerInstalled(command)) throw new RedisUnavailableError(options.url);
  mkdirSync(options.dir, { recursive: true });
  const pidFile = path.join(options.dir, 'redis-server.pid');
  reapOrphan(pidFile);
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  // noeviction explicitly (F10): a packaged redis.conf default elsewhere must not make the demo refuse to start
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  args.push('--maxmemory-policy', 'noeviction');
  const server = new ManagedChild({
    name: 'redis',
    command,
    args: [...args, '--dir', options.dir, '--pidfile', pidFile, '--loglevel', 'warning'],
    env: process.env,
    print: options.print,
  });
  const deadline = Date.now() + (options.readyTimeoutMs ?? 10_000);
  while (!(await isRedisReachable(url, 500))) {
    if (!server.running || Date.now() > deadline) {
      await server.stop(2000);
      throw new Error(`the private redis-server on port ${port} did not start (see [redis] lines above)`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, server };
}

/**
 * A launcher killed outright (SIGKILL) leaves its private redis-server running (it is in its own process group
 * so that Ctrl-C reaches only the launcher). The next start stops it, if the pid file still names a redis-server.
 */
function reapOrphan(pidFile: string): void {
  try {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (pid > 1 && command.startsWith('redis-server')) process.kill(pid, 'SIGTERM');
  } catch {
    // no pid file, no such process, or no /proc: nothing to reap
  }
}
