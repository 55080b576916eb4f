import { spawn, type ChildProcessByStdio } from 'node:child_process';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { loadInProcess } from '../load/load-process';
import { peakRate, type Peak } from '../load/peak-rate';
import { TS_NODE_FLAGS } from '@entra-sync/config';

const SERVER = path.join(__dirname, 'bare-server.ts');

export interface BareServer {
  url: string;
  stop(): Promise<void>;
}

type Child = ChildProcessByStdio<Writable, Readable, Readable>;

function portOf(child: Child, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(
      () => fail(new Error(`bare server did not start in ${timeoutMs} ms`)),
      timeoutMs,
    );
    const fail = (error: Error) => {
      clearTimeout(timer);
      reject(new Error(`${error.message}\n${stderr}`.trim()));
    };
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.once('exit', (code) => fail(new Error(`bare server exited with ${code} before listening`)));
    child.stdout.on('data', (chunk) => {
      stdout += String(chunk);
      const line = /^(\{.*\})\n/m.exec(stdout);
      if (!line) return;
      clearTimeout(timer);
      resolve((JSON.parse(line[1]!) as { port: number }).port);
    });
  });
}

/** The bare node:http server (bare-server.ts) in its own process, as the receiver runs in its own. */
export async function startBareServer(timeoutMs = 15_000): Promise<BareServer> {
  const child: Child = spawn(process.execPath, [...TS_NODE_FLAGS, SERVER], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const port = await portOf(child, timeoutMs);
    return {
      url: `http://127.0.0.1:${port}/graph/notifications`,
      async stop() {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        await exited;
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}

export interface BareHttpOptions {
  /** the request bodies (request i sends `bodies[i % length]`): the receiver's, for a like-for-like comparison */
  bodies: string[];
  durationMs: number;
  /** one concurrency, or a sweep of them whose peak is taken (peakRate, decision N14) */
  connections: number | readonly number[];
  /** the generator's own warm-up (LoadOrder.warmUpMs) */
  warmUpMs?: number;
}

/**
 * Capacity of a bare node:http server for the same request: what the receiver's accept rate is held against.
 * The load comes from its own process, like the receiver's; over a sweep of concurrencies, the best of them, as
 * the receiver's is taken.
 */
export async function bareHttpAcceptRate(options: BareHttpOptions): Promise<Peak> {
  const sweep = typeof options.connections === 'number' ? [options.connections] : options.connections;
  const server = await startBareServer();
  try {
    return await peakRate(sweep, (connections) =>
      loadInProcess({ loop: 'closed', url: server.url, ...options, connections }),
    );
  } finally {
    await server.stop();
  }
}
