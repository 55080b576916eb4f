import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { closedLoop, openLoop } from './http-load';
import { loadInProcess } from './load-process';

// A tiny server whose answer depends on the request body {"i":N}: the test decides status and delay per request.
interface Seen {
  i: number;
  at: number;
}
type Behaviour = (i: number) => { status: number | 'reset'; delayMs?: number };

async function tinyServer(behaviour: Behaviour) {
  const seen: Seen[] = [];
  const sockets = new Set<unknown>();
  let active = 0;
  let maxActive = 0;
  const server = http.createServer((request, response) => {
    sockets.add(request.socket);
    active++;
    maxActive = Math.max(maxActive, active);
    let text = '';
    request.on('data', (chunk) => (text += String(chunk)));
    request.on('end', () => {
      const { i } = JSON.parse(text) as { i: number };
      seen.push({ i, at: performance.now() });
      const { status, delayMs = 0 } = behaviour(i);
      setTimeout(() => {
        active--;
        if (status === 'reset') request.socket.destroy();
        else response.writeHead(status).end();
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graph/notifications`,
    seen,
    sockets: () => sockets.size,
    maxActive: () => maxActive,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const body = (i: number) => JSON.stringify({ i });

describe('openLoop', () => {
  it('sends request i no earlier than start + i/rate and reports every status, resets as "error"', async () => {
    const server = await tinyServer((i) => ({ status: i % 10 === 9 ? 'reset' : i % 4 === 0 ? 500 : 202 }));
    try {
      const started = performance.now();
      const result = await openLoop({ url: server.url, count: 40, ratePerSecond: 200, connections: 8, body });
      // 40 requests at 200/s: the last one is due at 195 ms, so the run cannot be shorter
      expect(result.seconds).toBeGreaterThanOrEqual(0.19);
      for (const { i, at } of server.seen) expect(at - started).toBeGreaterThanOrEqual((i * 1000) / 200 - 1);
      // i % 10 === 9: 4 resets; i % 4 === 0 (none of them ends in 9): 10 × 500; the rest 202
      expect(result.statuses).toEqual({ '202': 26, '500': 10, error: 4 });
      expect(result).toMatchObject({ sent: 40, ok: 26, failed: 14 });
      expect(result.latenciesMs).toHaveLength(40);
      expect(result.ratePerSecond).toBeCloseTo(40 / result.seconds, 6);
    } finally {
      await server.close();
    }
  });

  it('times queued requests from their schedule (no coordinated omission) and caps requests in flight', async () => {
    // one connection; request 0 takes 300 ms, so requests 1.. (due every 10 ms) wait behind it
    const server = await tinyServer((i) => ({ status: 202, delayMs: i === 0 ? 300 : 0 }));
    try {
      const result = await openLoop({ url: server.url, count: 10, ratePerSecond: 100, connections: 1, body });
      expect(result.ok).toBe(10);
      expect(server.maxActive()).toBe(1);
      const sorted = [...result.latenciesMs].sort((a, b) => a - b);
      // request 9 is due at 90 ms and cannot start before 300 ms: even the shortest wait is over 200 ms
      expect(sorted[0]).toBeGreaterThan(200);
      expect(sorted[9]).toBeGreaterThanOrEqual(295);
    } finally {
      await server.close();
    }
  });
});

describe('closedLoop', () => {
  it('keeps `connections` sockets busy for the duration and counts every answer', async () => {
    const server = await tinyServer((i) => ({ status: i % 3 === 0 ? 503 : 202, delayMs: 2 }));
    try {
      const result = await closedLoop({ url: server.url, durationMs: 400, connections: 4, body });
      expect(result.seconds).toBeGreaterThanOrEqual(0.4);
      expect(result.sent).toBe(server.seen.length);
      expect(result.ok + result.failed).toBe(result.sent);
      expect(result.statuses['503']).toBe(server.seen.filter(({ i }) => i % 3 === 0).length);
      expect(result.failed).toBe(result.statuses['503']);
      expect(result.sent).toBeGreaterThan(40);
      expect(server.sockets()).toBe(4);
      expect(server.maxActive()).toBe(4);
      expect(result.okPerSecond).toBeCloseTo(result.ok / result.seconds, 6);
    } finally {
      await server.close();
    }
  });

  it('never throws when nothing listens: every request is an "error"', async () => {
    const server = await tinyServer(() => ({ status: 202 }));
    await server.close();
    const result = await closedLoop({ url: server.url, durationMs: 100, connections: 2, body });
    expect(result.sent).toBeGreaterThan(0);
    expect(result.statuses).toEqual({ error: result.sent });
    expect(result.ok).toBe(0);
  });
});

describe('loadInProcess', () => {
  it('runs an open loop in a generator process of its own, cycling through the bodies', async () => {
    const server = await tinyServer((i) => ({ status: i === 2 ? 503 : 202 }));
    try {
      const bodies = [0, 1, 2].map(body);
      const result = await loadInProcess({
        loop: 'open',
        url: server.url,
        count: 9,
        ratePerSecond: 100,
        connections: 2,
        bodies,
      });
      expect(server.seen.map(({ i }) => i).sort()).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2]);
      expect(result).toMatchObject({ sent: 9, ok: 6, failed: 3, statuses: { '202': 6, '503': 3 } });
      expect(result.latenciesMs).toHaveLength(9);
      expect(server.maxActive()).toBeLessThanOrEqual(2);
    } finally {
      await server.close();
    }
  });

  it('warms up against a server of its own: the target sees only the ordered requests, after the warm-up', async () => {
    const server = await tinyServer(() => ({ status: 202 }));
    try {
      const ordered = performance.now();
      const result = await loadInProcess({
        loop: 'open',
        url: server.url,
        count: 6,
        ratePerSecond: 200,
        connections: 2,
        bodies: [0, 1, 2].map(body),
        warmUpMs: 300,
      });
      expect(server.seen.map(({ i }) => i).sort()).toEqual([0, 0, 1, 1, 2, 2]);
      expect(Math.min(...server.seen.map(({ at }) => at)) - ordered).toBeGreaterThanOrEqual(300);
      expect(result).toMatchObject({ sent: 6, ok: 6, failed: 0 });
    } finally {
      await server.close();
    }
  });

  it('runs a closed loop there too, and a load nothing answers is all "error", not a failure', async () => {
    const server = await tinyServer(() => ({ status: 202, delayMs: 1 }));
    const { url } = server;
    try {
      const closed = await loadInProcess({
        loop: 'closed',
        url,
        durationMs: 200,
        connections: 3,
        bodies: [body(7)],
      });
      expect(closed.ok).toBe(server.seen.length);
      expect(closed.ok).toBeGreaterThan(10);
      expect(new Set(server.seen.map(({ i }) => i))).toEqual(new Set([7]));
    } finally {
      await server.close();
    }
    const refused = await loadInProcess({
      loop: 'closed',
      url,
      durationMs: 50,
      connections: 1,
      bodies: ['{}'],
    });
    expect(refused.statuses).toEqual({ error: refused.sent });
  });

  it('refuses a load without bodies', () => {
    expect(() =>
      loadInProcess({ loop: 'closed', url: 'http://127.0.0.1:1', durationMs: 1, connections: 1, bodies: [] }),
    ).toThrow('a load needs at least one body');
  });
});
