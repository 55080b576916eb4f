import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TS_NODE_FLAGS } from '@entra-sync/config';

export const ROOT = path.resolve(__dirname, '../../../..');
const KEPT_LINES = 400;

/**
 * Extra node flags for the fleet's processes, for profiling: `BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/p"`
 * (node refuses --cpu-prof in NODE_OPTIONS); `BENCH_NODE_FLAGS_FOR=worker` limits them to processes whose name
 * starts with that.
 */
function nodeFlags(name: string): string[] {
  const flags = process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? [];
  const only = process.env.BENCH_NODE_FLAGS_FOR;
  return only && !name.startsWith(only) ? [] : flags;
}

/**
 * CPU priority (nice) per process, for experiments: `BENCH_NICE="graph-emulator=0,receiver=5"` (a name prefix and a
 * niceness; lowering it below 0 needs root), over the process's preset one.
 */
function niceness(name: string, preset: number | undefined): number | undefined {
  for (const pair of process.env.BENCH_NICE?.split(',') ?? []) {
    const [prefix, value] = pair.split('=');
    if (prefix && value !== undefined && name.startsWith(prefix.trim())) return Number(value);
  }
  return preset;
}

/** One process of the fleet under test (`node --require tsx/cjs <file>`), its last output lines and its peak RSS. */
export class Child {
  readonly lines: string[] = [];
  private readonly process: ChildProcess;
  private readonly exited: Promise<number | null>;
  private listeners: Array<() => void> = [];

  constructor(
    readonly name: string,
    file: string,
    args: readonly string[],
    env: Record<string, string>,
    /** nice(1) value to start it with; undefined: the orchestrator's priority */
    preset?: number,
  ) {
    const command = [process.execPath, ...nodeFlags(name), ...TS_NODE_FLAGS, path.join(ROOT, file), ...args];
    const nice = niceness(name, preset);
    // nice(1) execs node in the same process, so every thread node starts inherits the priority
    const argv = nice === undefined ? command : ['nice', '-n', String(nice), ...command];
    this.process = spawn(argv[0]!, argv.slice(1), {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const read = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        this.lines.push(line);
        if (this.lines.length > KEPT_LINES) this.lines.splice(0, this.lines.length - KEPT_LINES);
      }
      for (const listener of this.listeners) listener();
    };
    this.process.stdout?.on('data', read);
    this.process.stderr?.on('data', read);
    this.exited = new Promise((resolve) => this.process.once('exit', (code) => resolve(code)));
  }

  get pid(): number {
    return this.process.pid ?? -1;
  }

  /** how it ended: its exit code or the signal that ended it; null while it runs */
  get exitStatus(): string | null {
    if (this.process.signalCode !== null) return this.process.signalCode;
    return this.process.exitCode === null ? null : `exit code ${this.process.exitCode}`;
  }

  get running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  /** The first output line matching `pattern` (also one already printed); rejects when the process exits first. */
  waitFor(pattern: RegExp, timeoutMs = 60_000): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => done(new Error(`${this.name}: no ${pattern} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const check = () => {
        for (const line of this.lines) {
          const match = pattern.exec(line);
          if (match) return done(null, match);
        }
        if (!this.running) done(new Error(`${this.name} exited before ${pattern}:\n${this.tail()}`));
      };
      const done = (err: Error | null, match?: RegExpExecArray) => {
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== check);
        if (err) reject(err);
        else resolve(match as RegExpExecArray);
      };
      this.listeners.push(check);
      void this.exited.then(check);
      check();
    });
  }

  /** Peak resident set size so far (the kernel's VmHWM), in MB; null once the process is gone. */
  peakRssMb(): number | null {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
      return kb === undefined ? null : Number(kb) / 1024;
    } catch {
      return null;
    }
  }

  tail(lines = 20): string {
    return this.lines.slice(-lines).join('\n');
  }

  /** A crash: SIGKILL, nothing finishes; resolves when the process is gone. */
  async kill(): Promise<void> {
    if (this.running) this.process.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM (STYLE habit 14: the process finishes in order), SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<number | null> {
    if (!this.running) return this.exited;
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}
