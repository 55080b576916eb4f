import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { NodeEntry } from '@entra-sync/config';
import { launcherEntry } from '../paths';
import { prefixOf, renderLogLine } from './log-lines';

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ManagedChildOptions {
  name: string;
  command: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
  /** where prefixed output lines go */
  print: (line: string) => void;
  /** an IPC channel the child watches to stop with its parent (Node children) */
  ipc?: boolean;
}

/**
 * A Node child running an entry point the way the launcher itself runs (TypeScript through tsx, or the build's
 * bundle), stopping itself if the launcher dies.
 */
export function nodeChild(
  name: string,
  entry: NodeEntry,
  options: Omit<ManagedChildOptions, 'name' | 'command' | 'args' | 'ipc'> & { args?: readonly string[] },
): ManagedChild {
  const preload = launcherEntry('src/processes/exit-with-parent.preload.ts');
  const args = [...entry.nodeArgs, '--require', preload.file, entry.file, ...(options.args ?? [])];
  return new ManagedChild({ ...options, name, command: process.execPath, args, ipc: true });
}

/**
 * A child in its own process group, so a terminal's Ctrl-C reaches only the launcher, which then stops the
 * children in order (STYLE habit 14). Output lines are prefixed with the child's name.
 */
export class ManagedChild {
  readonly name: string;
  readonly process: ChildProcess;
  readonly exited: Promise<ChildExit>;
  private exit: ChildExit | null = null;
  private stopRequested = false;
  private readonly lineWaiters = new Set<(line: string) => void>();

  constructor(options: ManagedChildOptions) {
    this.name = options.name;
    this.process = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', ...(options.ipc ? (['ipc'] as const) : [])],
    });
    const prefix = prefixOf(options.name);
    for (const stream of [this.process.stdout, this.process.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (raw) => {
        const line = renderLogLine(raw);
        options.print(`${prefix} ${line}`);
        for (const waiter of this.lineWaiters) waiter(line);
      });
    }
    this.exited = new Promise((resolve) => {
      this.process.once('error', (err) => {
        options.print(`${prefix} could not start ${options.command}: ${err.message}`);
        this.exit = { code: 127, signal: null };
        resolve(this.exit);
      });
      this.process.once('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
  }

  get running(): boolean {
    return this.exit === null;
  }

  /** true once stop() was called: an exit after that is expected */
  get stopping(): boolean {
    return this.stopRequested;
  }

  /** Resolves with the first output line matching `test`; rejects when the child exits first or time runs out. */
  waitForLine(test: RegExp, timeoutMs: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.lineWaiters.delete(onLine);
      };
      const onLine = (line: string) => {
        if (!test.test(line)) return;
        done();
        resolve(line);
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${this.name} did not report ${test} within ${Math.round(timeoutMs / 1000)} s`));
      }, timeoutMs);
      this.lineWaiters.add(onLine);
      void this.exited.then((exit) => {
        if (!this.lineWaiters.has(onLine)) return;
        done();
        reject(new Error(`${this.name} exited (${describeExit(exit)}) before it was ready`));
      });
    });
  }

  /** SIGTERM, then SIGKILL if it has not exited after `timeoutMs`. */
  async stop(timeoutMs = 20_000): Promise<ChildExit> {
    this.stopRequested = true;
    if (this.exit) return this.exit;
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), timeoutMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }

  private signal(signal: NodeJS.Signals): void {
    try {
      this.process.kill(signal);
    } catch {
      // already gone
    }
  }
}

export function describeExit(exit: ChildExit): string {
  return exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
}
