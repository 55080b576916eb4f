import http from 'node:http';
import { LoadTally, type LoadResult } from './load-result';
import { postOnce, type PostTarget } from './post-once';

export type { LoadResult } from './load-result';

export interface LoadTarget {
  url: string;
  /** keep-alive sockets, and the most requests in flight at once */
  connections: number;
  /** the body of request i (0-based) */
  body: (i: number) => string;
  /** added to `content-type: application/json` and the content length */
  headers?: Record<string, string>;
  /** the source address to send from (e.g. 127.0.0.2: a second sender on loopback) */
  localAddress?: string;
}

export interface OpenLoopOptions extends LoadTarget {
  count: number;
  ratePerSecond: number;
}

export interface ClosedLoopOptions extends LoadTarget {
  durationMs: number;
}

function targetOf(options: LoadTarget): { target: PostTarget; agent: http.Agent } {
  if (!(options.connections >= 1)) throw new Error('connections must be at least 1');
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets: options.connections,
    ...(options.localAddress ? { localAddress: options.localAddress } : {}),
  });
  const url = new URL(options.url);
  return {
    agent,
    target: {
      agent,
      hostname: url.hostname,
      port: Number(url.port || 80),
      path: `${url.pathname}${url.search}`,
      headers: { 'content-type': 'application/json', ...options.headers },
    },
  };
}

/**
 * Request i is due at start + i/rate whatever happened before it, and its latency runs from that due time:
 * a slow answer delays the requests queued behind it and they carry that wait (no coordinated omission).
 */
export async function openLoop(options: OpenLoopOptions): Promise<LoadResult> {
  const { count, ratePerSecond, connections, body } = options;
  if (!(ratePerSecond > 0)) throw new Error('ratePerSecond must be positive');
  const { target, agent } = targetOf(options);
  const tally = new LoadTally();
  const start = performance.now();
  const dueAt = (i: number) => start + (i * 1000) / ratePerSecond;
  const waiting: number[] = [];
  let inFlight = 0;
  let next = 0;
  let settled = 0;

  try {
    await new Promise<void>((resolve) => {
      const launch = (i: number) => {
        inFlight++;
        tally.sent++;
        void postOnce(target, body(i)).then((status) => {
          tally.record(status, performance.now() - dueAt(i));
          inFlight--;
          settled++;
          const queued = waiting.shift();
          if (queued !== undefined) launch(queued);
          if (settled === count) resolve();
        });
      };
      const tick = () => {
        const now = performance.now();
        for (; next < count && dueAt(next) <= now; next++) {
          if (inFlight < connections) launch(next);
          else waiting.push(next);
        }
        if (next < count) setTimeout(tick, Math.max(0, dueAt(next) - performance.now()));
      };
      if (count <= 0) resolve();
      else tick();
    });
  } finally {
    agent.destroy();
  }
  return tally.result((performance.now() - start) / 1000);
}

/** `connections` keep-alive sockets, each sending its next request as soon as the last one is answered. */
export async function closedLoop(options: ClosedLoopOptions): Promise<LoadResult> {
  const { target, agent } = targetOf(options);
  const tally = new LoadTally();
  const start = performance.now();
  const deadline = start + options.durationMs;
  let i = 0;
  const connection = async () => {
    while (performance.now() < deadline) {
      const sentAt = performance.now();
      tally.sent++;
      const status = await postOnce(target, options.body(i++));
      tally.record(status, performance.now() - sentAt);
    }
  };
  try {
    await Promise.all(Array.from({ length: options.connections }, connection));
  } finally {
    agent.destroy();
  }
  return tally.result((performance.now() - start) / 1000);
}
