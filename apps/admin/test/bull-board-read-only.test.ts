import { catalog } from '@entra-sync/queues';
import { makeDeadLetters, objectIds } from '@entra-sync/queues/testing';
import { startAdmin, type Admin } from './support/harness';

// Issue 15 item 7: bull-board shows the queues and changes nothing; state changes go through the audited API,
// and a browser's cookie cannot be used from another origin to change state.
describe('bull-board is read-only; cookie-authenticated state changes need this origin (X1, X2)', () => {
  let admin: Admin;
  let cookie: string;
  let deadLetter: string;
  const queue = catalog.userSync.name;
  beforeAll(async () => {
    admin = await startAdmin();
    const session = await admin.api('POST', '/api/console/session');
    cookie = (session.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    [deadLetter = ''] = await makeDeadLetters(admin, objectIds(1));
  });
  afterAll(async () => {
    await admin?.close();
  });

  const board = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    fetch(`${admin.base}/admin/queues${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const sameOrigin = () => ({ cookie, origin: admin.base });
  const bearer = () => ({ authorization: `Bearer ${admin.token}` });
  const jobId = () => deadLetter.split('~')[1] ?? '';
  const mutations = (): Array<[string, string, unknown?]> => [
    ['POST', `/api/queues/${queue}/add`, { name: 'user.changed', data: {} }],
    ['PUT', `/api/queues/${queue}/pause`],
    ['PUT', '/api/queues/pause'],
    ['PUT', `/api/queues/${queue}/retry/failed`],
    ['PUT', `/api/queues/${queue}/clean/failed`],
    ['PUT', `/api/queues/${queue}/empty`],
    ['PUT', `/api/queues/${queue}/obliterate`],
    ['PUT', `/api/queues/${queue}/promote`],
    ['PUT', `/api/queues/${queue}/${jobId()}/retry`],
    ['PUT', `/api/queues/${queue}/${jobId()}/clean`],
    ['PATCH', `/api/queues/${queue}/${jobId()}/update-data`, { data: { forged: true } }],
  ];

  const queueUntouched = async () => {
    const q = admin.producer.queue('userSync');
    expect(await q.isPaused()).toBe(false);
    expect(await q.getJobCounts('failed', 'waiting', 'delayed')).toEqual({
      failed: 1,
      waiting: 0,
      delayed: 0,
    });
    const job = await q.getJob(jobId());
    expect(job?.data).not.toHaveProperty('forged');
  };

  it('X1 every queue is in bull-board read-only mode (its UI shows no actions)', async () => {
    const res = await board('GET', '/api/queues', sameOrigin());
    expect(res.status).toBe(200);
    const { queues } = (await res.json()) as { queues: Array<{ name: string; readOnlyMode: boolean }> };
    expect(queues).toHaveLength(6);
    expect(queues.every((q) => q.readOnlyMode)).toBe(true);
  });

  it('X1 add, retry, clean, empty, obliterate, promote, pause, edit: 405 problem+json with the cookie or the token, nothing changes', async () => {
    for (const headers of [sameOrigin(), bearer()]) {
      for (const [method, path, body] of mutations()) {
        const res = await board(method, path, headers, body);
        expect({ method, path, status: res.status }).toEqual({ method, path, status: 405 });
        expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        expect(((await res.json()) as { detail: string }).detail).toContain('/api/dead-letters');
      }
    }
    await queueUntouched();
  });

  it('X1 unauthenticated mutations are refused before anything else (401)', async () => {
    for (const [method, path, body] of mutations()) {
      expect((await board(method, path, {}, body)).status).toBe(401);
    }
  });

  it('X2 a cookie-authenticated state change without Origin, from another origin or `null`: 403 problem+json', async () => {
    for (const origin of [undefined, 'https://evil.example', 'null', `${admin.base}.evil.example`]) {
      const headers: Record<string, string> = { cookie, ...(origin === undefined ? {} : { origin }) };
      const res = await board('PUT', `/api/queues/${queue}/pause`, headers);
      expect({ origin, status: res.status }).toEqual({ origin, status: 403 });
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    await queueUntouched();
  });

  it('X2 the same holds on /api: a cookie and no bearer token cannot create anything cross-site', async () => {
    const before = await admin.api('GET', '/api/accounts');
    const forged = await fetch(`${admin.base}/api/accounts`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ name: 'Forged' }),
    });
    expect(forged.status).toBe(403);
    const noOrigin = await fetch(`${admin.base}/api/accounts`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Forged' }),
    });
    expect(noOrigin.status).toBe(403);
    expect((await admin.api('GET', '/api/accounts')).body).toEqual(before.body);
  });

  it('X2 bearer-token automation is unaffected: no Origin needed, a stray cookie changes nothing', async () => {
    const created = await admin.api('POST', '/api/accounts', { name: `Automation ${Date.now()}` });
    expect(created.status).toBe(201);
    const withCookie = await fetch(`${admin.base}/api/accounts`, {
      method: 'POST',
      headers: { cookie, authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `Automation cookie ${Date.now()}` }),
    });
    expect(withCookie.status).toBe(201);
    // reads never need an Origin
    expect((await board('GET', '/api/queues', { cookie })).status).toBe(200);
  });
});
