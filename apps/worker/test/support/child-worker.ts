import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Fleet } from './fleet';
import { TS_NODE_FLAGS } from '@entra-sync/config';

const ROOT = path.resolve(__dirname, '../../../..');

export interface ChildWorker {
  pid: number;
  /** stdout and stderr lines (pino JSON) */
  lines: string[];
  /** resolves once the process logged `worker started` */
  started: Promise<void>;
  /** resolves with the exit code (null when killed by a signal) */
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

/** A real worker process, `node --require tsx/cjs apps/worker/src/main.ts`, with the fleet's environment. */
export function spawnWorker(fleet: Fleet, overrides: Record<string, string> = {}): ChildWorker {
  const child = spawn(process.execPath, [...TS_NODE_FLAGS, 'apps/worker/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...fleet.envVars, ...overrides },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let onStarted: () => void = () => undefined;
  let onFailed: (err: Error) => void = () => undefined;
  const started = new Promise<void>((resolve, reject) => {
    onStarted = resolve;
    onFailed = reject;
  });
  const read = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line) continue;
      lines.push(line);
      if (line.includes('"msg":"worker started"')) onStarted();
    }
  };
  child.stdout.on('data', read);
  child.stderr.on('data', read);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      onFailed(new Error(`worker ${child.pid} exited (${code}) before it started:\n${lines.join('\n')}`));
      resolve(code);
    });
  });
  if (child.pid === undefined) throw new Error('the worker process did not start');
  return { pid: child.pid, lines, started, exited, kill: (signal) => child.kill(signal) };
}
