import { randomUUID } from 'node:crypto';
import { listOperatorActions, recordOperatorAction } from '@entra-sync/db';
import { makeDeadLetters, objectIds } from '@entra-sync/queues/testing';
import { ConsoleSessions, SESSION_COOKIE } from '../src/console/console-session';
import { MUTATING_METHODS, OPERATOR_ACTIONS } from '../src/http/operator-actions';
import { deriveKey } from '../src/services/oauth-state';
import { startAdmin, type Admin } from './support/harness';

// Issue 15 item 7: every operator action through the admin API is one operator_audit row — who, what, on what,
// with which outcome, when and from where — written by one hook, so a new route cannot forget it.
describe('operator audit (X3, X4)', () => {
  let admin: Admin;
  beforeAll(async () => {
    admin = await startAdmin();
  });
  afterAll(async () => {
    await admin?.close();
  });

  const newest = async () => (await listOperatorActions(admin.db, { limit: 1 }))[0];
  const count = async () =>
    Number(
      (
        await admin.db
          .selectFrom('operator_audit')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const mutatingRoutes = () =>
    admin.routes.filter((r) => r.url.startsWith('/api/') && MUTATING_METHODS.has(r.method));
  const concrete = (url: string) => url.replace(/:id\b/g, randomUUID()).replace(/:([A-Za-z]+)/g, 'x');

  it('X4 walks every registered mutating /api route: each call, answered or refused, writes exactly one row naming it', async () => {
    const routes = mutatingRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(18);
    const missed: string[] = [];
    for (const route of routes) {
      const before = await count();
      const path = concrete(route.url);
      const res = await admin.api(route.method, path, {});
      const row = await newest();
      const expected = OPERATOR_ACTIONS[`${route.method} ${route.url}`] ?? `${route.method} ${route.url}`;
      const ok =
        (await count()) === before + 1 &&
        row?.action === expected &&
        row.method === route.method &&
        row.target === path &&
        row.status === res.status &&
        row.actor === 'admin-token' &&
        /127\.0\.0\.1$/.test(row.sourceAddress);
      if (!ok) missed.push(`${route.method} ${route.url} → ${res.status}, row ${JSON.stringify(row)}`);
    }
    expect(missed).toEqual([]);
  });

  it('X4 every named action is a registered route (no stale names that would silently name nothing)', () => {
    const registered = new Set(mutatingRoutes().map((r) => `${r.method} ${r.url}`));
    expect(Object.keys(OPERATOR_ACTIONS).filter((key) => !registered.has(key))).toEqual([]);
  });

  it('X3 reads, unauthenticated calls and cross-origin cookie calls write nothing', async () => {
    const before = await count();
    await admin.api('GET', '/api/connections');
    await admin.api('POST', '/api/accounts', { name: 'No token' }, { token: null });
    await fetch(`${admin.base}/api/accounts`, {
      method: 'POST',
      headers: {
        cookie: 'entra_sync_console=1.x',
        origin: 'https://evil.example',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ name: 'Forged' }),
    });
    expect(await count()).toBe(before);
  });

  it('X3 records the names of the fields sent, never their values (a client secret stays out)', async () => {
    const tenant = admin.tenant();
    const name = `Audited ${randomUUID().slice(0, 8)}`;
    const res = await admin.api('POST', '/api/connections', {
      name,
      tenant: tenant.domain,
      clientId: tenant.clientId,
      clientSecret: tenant.clientSecret,
    });
    expect(res.status).toBe(201);
    const row = await newest();
    expect(row).toMatchObject({
      action: 'connection.create',
      method: 'POST',
      target: '/api/connections',
      status: 201,
      actor: 'admin-token',
      detail: { fields: ['name', 'tenant', 'clientId', 'clientSecret'] },
    });
    const all = JSON.stringify(await listOperatorActions(admin.db, { limit: 500 }));
    expect(all).not.toContain(tenant.clientSecret);
    expect(all).not.toContain(name);
  });

  it('X3 dead-letter retry and discard through the API are audited with what they did', async () => {
    const [first = '', second = ''] = await makeDeadLetters(admin, objectIds(2));
    expect((await admin.api('POST', `/api/dead-letters/${encodeURIComponent(first)}/retry`)).status).toBe(
      200,
    );
    expect(await newest()).toMatchObject({ action: 'dead-letter.retry', status: 200 });
    expect((await admin.api('DELETE', `/api/dead-letters/${encodeURIComponent(second)}`)).status).toBe(204);
    expect(await newest()).toMatchObject({ action: 'dead-letter.discard', status: 204 });
    // the retried one fails again in the next batch's failing worker: 4 dead letters
    await makeDeadLetters(admin, objectIds(3));
    const all = await admin.api('POST', '/api/dead-letters/retry?queue=user-sync');
    expect(all.body).toEqual({ retried: 4 });
    expect(await newest()).toMatchObject({
      action: 'dead-letter.retry-all',
      detail: { query: ['queue'], retried: 4, queue: 'user-sync' },
    });
  });

  it('X3 an operator signed in with Entra is the actor (UPN and object id), through the cookie from this origin', async () => {
    const oid = randomUUID();
    const sessions = new ConsoleSessions(deriveKey(admin.token, 'console-session'), () => new Date());
    const cookie = `${SESSION_COOKIE}=${sessions.issue({ kind: 'entra', name: 'Olga Operator', oid, username: 'olga@msp.example' })}`;
    const res = await fetch(`${admin.base}/api/accounts`, {
      method: 'POST',
      headers: { cookie, origin: admin.base, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `By Olga ${randomUUID()}` }),
    });
    expect(res.status).toBe(201);
    expect(await newest()).toMatchObject({
      action: 'account.create',
      actor: `olga@msp.example (${oid})`,
      status: 201,
    });
  });

  it('GET /api/operator-audit: newest first, paged by cursor, filtered by action and since', async () => {
    for (const i of [1, 2, 3])
      await admin.api('POST', '/api/accounts', { name: `Paged ${i} ${randomUUID()}` });
    const first = await admin.api('GET', '/api/operator-audit?action=account.create&limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.items.every((i: { action: string }) => i.action === 'account.create')).toBe(true);
    expect(first.body.items[0].id).toBeGreaterThan(first.body.items[1].id);
    expect(first.body.items[0]).toEqual({
      id: expect.any(Number),
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      actor: 'admin-token',
      action: 'account.create',
      method: 'POST',
      target: '/api/accounts',
      status: 201,
      sourceAddress: expect.stringMatching(/127\.0\.0\.1$/),
      detail: { fields: ['name'] },
    });
    const next = await admin.api(
      'GET',
      `/api/operator-audit?action=account.create&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(next.body.items.length).toBeGreaterThanOrEqual(1);
    expect(next.body.items[0].id).toBeLessThan(first.body.items[1].id);

    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await admin.api('GET', `/api/operator-audit?since=${future}`)).body).toEqual({
      items: [],
      nextCursor: null,
    });
    const bad = await admin.api('GET', '/api/operator-audit?since=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain('query.since');
  });

  it('recordOperatorAction: one line for actions that do not pass through the hook, listed like the others', async () => {
    await recordOperatorAction(admin.db, {
      actor: 'ops@contoso.example',
      action: 'keys.rotate',
      target: 'connections',
      detail: { reEncrypted: 4 },
      sourceAddress: 'cli',
    });
    const res = await admin.api('GET', '/api/operator-audit?actor=ops%40contoso.example');
    expect(res.body.items).toEqual([
      expect.objectContaining({
        action: 'keys.rotate',
        method: 'POST',
        status: 200,
        detail: { reEncrypted: 4 },
      }),
    ]);
  });
});
