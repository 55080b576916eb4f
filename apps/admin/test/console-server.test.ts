import { randomUUID } from 'node:crypto';
import { createRedis, Producer } from '@entra-sync/queues';
import { createLogger } from '@entra-sync/telemetry';
import { QueueHistory } from '../src/console/queue-history';
import { startAdmin, type Admin } from './support/harness';

// The console's server side without a browser: what it serves, how the dashboard is guarded, the history ring.
describe('web console: assets, bull-board guard, queue history, /metrics', () => {
  let admin: Admin;
  beforeAll(async () => {
    admin = await startAdmin();
  });
  afterAll(async () => {
    await admin?.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${admin.base}${path}`, { headers, redirect: 'manual' });

  it('serves the console shell with a strict CSP, and its bundled script with an ETag', async () => {
    const root = await get('/');
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/console/');
    const html = await get('/console/');
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.headers.get('content-security-policy')).toContain("script-src 'self'");
    const page = await html.text();
    expect(page).toContain('<script defer src="app.js"></script>');
    expect(page).not.toMatch(/https?:\/\//); // no CDN, nothing outside this origin
    const js = await get('/console/app.js');
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    const bundle = await js.text();
    expect(bundle).toContain('/api/connections');
    expect(bundle).not.toMatch(/\bimport\s/); // one self-contained bundle
    const etag = js.headers.get('etag') ?? '';
    expect((await get('/console/app.js', { 'if-none-match': etag })).status).toBe(304);
    expect((await get('/console/console.css')).status).toBe(200);
  });

  it('bull-board at /admin/queues needs the console cookie or the bearer token', async () => {
    const refused = await get('/admin/queues/');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await get('/admin/queues/', { cookie: 'entra_sync_console=99999999999999.forged' })).status).toBe(
      401,
    );
    expect((await get('/admin/queues/', { authorization: 'Bearer wrong' })).status).toBe(401);

    expect((await admin.api('POST', '/api/console/session', undefined, { token: null })).status).toBe(401);
    const session = await admin.api('POST', '/api/console/session');
    expect(session.status).toBe(200);
    const setCookie = session.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(
      /^entra_sync_console=\d+\.[\w-]+\.[\w-]+; Path=\/; Max-Age=28800; HttpOnly; SameSite=Strict$/,
    );
    const cookie = setCookie.split(';')[0] ?? '';
    expect(cookie).not.toContain(admin.token);

    const board = await get('/admin/queues/', { cookie });
    expect(board.status).toBe(200);
    expect(await board.text()).toContain('entra-sync queues');
    expect(board.headers.get('content-security-policy')).toContain("default-src 'self'");
    const api = await get('/admin/queues/api/queues', { cookie });
    expect(api.status).toBe(200);
    const names = ((await api.json()) as { queues: Array<{ name: string }> }).queues.map((q) => q.name);
    expect(names.sort()).toEqual([
      'connection-health',
      'delta',
      'full-sync',
      'group-sync',
      'subscriptions',
      'user-sync',
    ]);
    expect((await get('/admin/queues/', { authorization: `Bearer ${admin.token}` })).status).toBe(200);

    const out = await admin.api('DELETE', '/api/console/session');
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^entra_sync_console=; Path=\/; Max-Age=0/);
  });

  it('GET /api/queues/history needs the token and holds a first sample of every queue', async () => {
    expect((await admin.api('GET', '/api/queues/history', undefined, { token: null })).status).toBe(401);
    const res = await admin.api('GET', '/api/queues/history');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ intervalSeconds: 15, windowSeconds: 3600 });
    expect(res.body.samples.length).toBeGreaterThanOrEqual(1);
    expect(res.body.samples[0].queues).toHaveLength(6);
  });

  it('the standalone admin serves /metrics with its own Graph request counts', async () => {
    const res = await get('/metrics');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('entra_sync_graph_requests_total');
    expect(text).toContain('service="admin"');
  });
});

describe('QueueHistory: the last hour of /api/queues in a ring', () => {
  const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 'worker');
  const producer = new Producer(redis, `t-${randomUUID().slice(0, 8)}`);
  const logger = createLogger({ service: 'test', level: 'silent' });
  afterAll(async () => {
    for (const key of ['fullSync', 'userSync'] as const)
      await producer.queue(key).obliterate({ force: true });
    await producer.close();
    await redis.quit();
  });

  it('samples depth and lag from Redis, keeps at most one window, and drops samples older than the window', async () => {
    let now = Date.now();
    const history = new QueueHistory(producer, logger, {
      intervalMs: 15_000,
      windowMs: 60_000,
      now: () => new Date(now),
    });
    expect(history.capacity).toBe(4);
    await producer.add(
      'fullSync',
      'sync.run',
      { connectionId: 'c', runId: 'r' },
      { timestamp: now - 42_000 },
    );
    await history.sample();
    const [first] = history.list();
    const full = first?.queues.find((q) => q.name === 'full-sync');
    expect(full).toMatchObject({ waiting: 1, active: 0 });
    expect(full?.oldestWaitingAgeSeconds).toBeGreaterThanOrEqual(42);
    for (let i = 0; i < 6; i += 1) {
      now += 15_000;
      await history.sample();
    }
    expect(history.list()).toHaveLength(4);
    now += 45_000;
    expect(history.list()).toHaveLength(1);
    expect(history.list()[0]?.at.getTime()).toBe(now - 45_000);
  });
});
