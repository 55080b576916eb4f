import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { sourceKey } from '../src/rate-limit';
import {
  changeNotification,
  seedTenant,
  startReceiver,
  type Harness,
  type Tenant,
} from './support/receiver-harness';

let h: Harness;
let t: Tenant;

beforeAll(async () => {
  h = await startReceiver({ options: { rateLimit: { max: 5, windowMs: 60_000 } } });
  t = await seedTenant(h.db, h.box);
});
afterAll(() => h?.close());

/** A POST from a given loopback address (Linux routes all of 127.0.0.0/8 to lo), as a second sender would. */
function postFrom(localAddress: string, path: string, body: string, headers: Record<string, string> = {}) {
  const url = new URL(path, h.url);
  return new Promise<{ status: number; contentType: string; retryAfter: string | undefined; text: string }>(
    (resolve, reject) => {
      const request = http.request(
        url,
        { method: 'POST', localAddress, headers: { 'content-type': 'application/json', ...headers } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              contentType: String(res.headers['content-type'] ?? ''),
              retryAfter: res.headers['retry-after'] as string | undefined,
              text,
            }),
          );
        },
      );
      request.on('error', reject);
      request.end(body);
    },
  );
}

describe('R7 rate limit per source address', () => {
  it('S7.1 a flooding address gets 429 problem+json with Retry-After; another address is still served', async () => {
    const forged = JSON.stringify({
      value: [changeNotification(t.users, t.tenantId, 'user', randomUUID(), { clientState: 'guess' })],
    });
    const flood = [];
    for (let i = 0; i < 8; i++) flood.push(await postFrom('127.0.0.2', '/graph/notifications', forged));
    expect(flood.map((a) => a.status)).toEqual([202, 202, 202, 202, 202, 429, 429, 429]);
    const refused = flood[7]!;
    expect(refused.contentType).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(refused.text)).toMatchObject({
      type: 'about:blank',
      status: 429,
      title: 'Too Many Requests',
    });
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);

    const objectId = randomUUID();
    const real = JSON.stringify({ value: [changeNotification(t.users, t.tenantId, 'user', objectId)] });
    expect((await postFrom('127.0.0.3', '/graph/notifications', real)).status).toBe(202);
    expect((await h.jobs('userSync')).map((j) => (j.data as { objectId: string }).objectId)).toEqual([
      objectId,
    ]);
  });

  it('S7.1 the probes and /metrics are not limited (kubelet and Prometheus ask from one address)', async () => {
    for (let i = 0; i < 10; i++) expect((await h.get('/healthz')).status).toBe(200);
    expect((await h.get('/metrics')).status).toBe(200);
  });

  it('the key is the IPv4 address, or the /64 of an IPv6 one', () => {
    expect(sourceKey('203.0.113.9')).toBe('203.0.113.9');
    expect(sourceKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(sourceKey('2001:db8:0:1:aaaa::1')).toBe('2001:db8:0:1::/64');
    expect(sourceKey('2001:db8:0:1:ffff:eeee:dddd:cccc')).toBe('2001:db8:0:1::/64');
    expect(sourceKey('2001:db8::')).toBe('2001:db8:0:0::/64');
    expect(sourceKey('::1')).toBe('0:0:0:0::/64');
  });
});

describe('R7 behind a TLS terminator', () => {
  let behind: Harness;
  beforeAll(async () => {
    behind = await startReceiver({
      options: { rateLimit: { max: 2, windowMs: 60_000 }, trustProxy: ['127.0.0.4'] },
    });
  });
  afterAll(() => behind?.close());

  it('S7.1 X-Forwarded-For names the source only when the proxy is trusted', async () => {
    const post = (from: string, forwardedFor: string) =>
      new Promise<number>((resolve, reject) => {
        const request = http.request(
          new URL('/graph/notifications', behind.url),
          {
            method: 'POST',
            localAddress: from,
            headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        request.on('error', reject);
        request.end('{}');
      });
    // through the trusted proxy, two clients have a budget each
    expect([await post('127.0.0.4', '198.51.100.1'), await post('127.0.0.4', '198.51.100.1')]).toEqual([
      400, 400,
    ]);
    expect(await post('127.0.0.4', '198.51.100.1')).toBe(429);
    expect(await post('127.0.0.4', '198.51.100.2')).toBe(400);
    // a sender that is not the proxy cannot pick its address by header
    const direct = [];
    for (const fake of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) direct.push(await post('127.0.0.5', fake));
    expect(direct).toEqual([400, 400, 429]);
  });
});
