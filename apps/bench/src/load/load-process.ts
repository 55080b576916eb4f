import { fork } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { acceptingServer } from './accepting-server';
import { closedLoop, openLoop, type LoadResult } from './http-load';
import { TS_NODE_FLAGS } from '@entra-sync/config';

/** What the generator process is told: the loop and its options, with the bodies spelled out (no functions). */
export type LoadOrder = (
  | { loop: 'open'; url: string; connections: number; count: number; ratePerSecond: number; bodies: string[] }
  | { loop: 'closed'; url: string; connections: number; durationMs: number; bodies: string[] }
) & {
  /** first send the same requests to a server inside the generator for this long, so its own code is compiled */
  warmUpMs?: number;
  /** send from this source address */
  localAddress?: string;
};

const CHILD = path.join(__dirname, 'load-child.ts');

/**
 * Runs one load loop in a process of its own, as Graph sends from outside: the generator's small heap collects in
 * a millisecond, where the orchestrator's (hundreds of MB of tenant, tracker and samples) stalled it by 10–70 ms
 * and every request in flight carried that stall into the receiver's figures. Request i gets `bodies[i % length]`.
 */
export function loadInProcess(
  order: LoadOrder,
  timeoutMs = 600_000,
  /** CPU priority of the generator: a sender that stands for someone else's machine yields to the system under test */
  nice?: number,
): Promise<LoadResult> {
  if (order.bodies.length === 0) throw new Error('a load needs at least one body');
  const child = fork(CHILD, [], {
    execArgv: [...TS_NODE_FLAGS],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  if (nice !== undefined && child.pid !== undefined) os.setPriority(child.pid, nice);
  return new Promise<LoadResult>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the load generator did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    let result: LoadResult | undefined;
    child.once('message', (message) => (result = message as LoadResult));
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (result) resolve(result);
      else reject(new Error(`the load generator exited with ${code} and no result`));
    });
    child.send(order);
  });
}

/**
 * A fresh generator runs its request code in V8's interpreter for its first second or two; an open loop charges
 * that lag to the server as latency (decision N13). Warming up against a node:http server of its own touches
 * nothing of the system under test.
 */
async function warmUp(order: LoadOrder, body: (i: number) => string): Promise<void> {
  const server = acceptingServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}${new URL(order.url).pathname}`;
    await closedLoop({ url, connections: order.connections, body, durationMs: order.warmUpMs ?? 0 });
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** The generator's side: one order in (after its warm-up, if any), one result out. */
export async function runOrder(order: LoadOrder): Promise<LoadResult> {
  const { bodies } = order;
  const body = (i: number) => bodies[i % bodies.length] as string;
  if (order.warmUpMs) await warmUp(order, body);
  const target = { url: order.url, connections: order.connections, body, localAddress: order.localAddress };
  return order.loop === 'open'
    ? openLoop({ ...target, count: order.count, ratePerSecond: order.ratePerSecond })
    : closedLoop({ ...target, durationMs: order.durationMs });
}
