import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import { REPO_ROOT } from '../../src/paths';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** `npm start` as a real child process: its output lines, waits with timeouts, a signal, its exit. */
export class NpmStart {
  readonly lines: string[] = [];
  readonly exited: Promise<Exit>;
  private readonly process: ChildProcess;
  private readonly waiters = new Set<() => void>();

  constructor(env: Record<string, string>) {
    this.process = spawn('npm', ['start', '--silent'], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      // its own process group, like a terminal's foreground job: ctrlC() signals the whole group
      detached: true,
    });
    for (const stream of [this.process.stdout, this.process.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (line) => {
        this.lines.push(line);
        for (const wake of this.waiters) wake();
      });
    }
    this.exited = new Promise((resolve) =>
      this.process.once('exit', (code, signal) => resolve({ code, signal })),
    );
    void this.exited.then(() => {
      for (const wake of this.waiters) wake();
    });
  }

  get pid(): number {
    return this.process.pid ?? -1;
  }

  /** The first output line matching `pattern`; fails with the output so far after `timeoutMs` or on exit. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      let exited = false;
      void this.exited.then(() => (exited = true));
      const check = () => {
        for (const line of this.lines) {
          const match = pattern.exec(line);
          if (match) return finish(() => resolve(match));
        }
        if (exited)
          finish(() => reject(new Error(`npm start exited before printing ${pattern}\n${this.tail()}`)));
      };
      const timer = setTimeout(
        () => finish(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms\n${this.tail()}`))),
        timeoutMs,
      );
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        this.waiters.delete(check);
        settle();
      };
      this.waiters.add(check);
      check();
    });
  }

  /** `kill -<signal> <npm pid>` */
  signal(signal: NodeJS.Signals): void {
    this.process.kill(signal);
  }

  /** What a terminal does on Ctrl-C: SIGINT to every process of the foreground process group. */
  ctrlC(): void {
    process.kill(-this.pid, 'SIGINT');
  }

  /** Exit within `timeoutMs`, else SIGKILL for the whole tree and a failure naming the output. */
  async exit(timeoutMs: number): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`npm start did not exit within ${timeoutMs} ms\n${this.tail()}`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Last resort after a failed test: every process of the tree, so nothing outlives the test run. */
  killTree(): void {
    for (const pid of [...descendants(this.pid), this.pid]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }

  tail(count = 60): string {
    return this.lines.slice(-count).join('\n');
  }
}

/** Process ids below `pid` (Linux `ps`), children first. */
export function descendants(pid: number): number[] {
  let out: string;
  try {
    out = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' });
  } catch {
    return [];
  }
  const pairs = out
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number]);
  const children = (parent: number): number[] =>
    pairs.filter(([, ppid]) => ppid === parent).flatMap(([child]) => [...children(child), child]);
  return children(pid);
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Every process of the tree has exited (tsx's esbuild helpers follow their parent within moments). */
export async function expectGone(pids: number[]): Promise<void> {
  const described = new Map(pids.map((pid) => [pid, commandOf(pid)]));
  const deadline = Date.now() + 5000;
  while (pids.some(alive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  const left = pids.filter(alive).map((pid) => `${pid} ${described.get(pid) ?? ''}`);
  if (left.length > 0) throw new Error(`processes left running:\n${left.join('\n')}`);
}

/** The command line of a process (Linux). */
export function commandOf(pid: number): string {
  try {
    return execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

/** BullMQ keys a test run left in the shared Redis under its own prefix. */
export async function dropQueuePrefix(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export async function getJson<T>(url: string, token?: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as T };
}

/** Polls `probe` until it returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(
    `${what}: not within ${timeoutMs} ms${last ? ` (last error: ${(last as Error).message})` : ''}`,
  );
}
