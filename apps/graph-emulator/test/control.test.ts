import type { RunningEmulator } from '../src';
import { control, graph, startTestEmulator, tenantWithToken } from './support/harness';

describe('control API', () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it('seeds deterministically: the same seed gives the same users, groups and memberships', async () => {
    const a = (
      await control<{ id: string }>(emulator, 'POST', '/tenants', { domain: 'seed-a.onmicrosoft.com' })
    ).body.id;
    const b = (
      await control<{ id: string }>(emulator, 'POST', '/tenants', { domain: 'seed-b.onmicrosoft.com' })
    ).body.id;
    const seedA = await control<{
      users: number;
      groups: number;
      memberships: number;
      nestedGroups: number;
      groupIds: string[];
      sampleUserIds: string[];
    }>(emulator, 'POST', `/tenants/${a}/seed`, { seed: 42, users: 500, groups: 12 });
    const seedB = await control(emulator, 'POST', `/tenants/${b}/seed`, { seed: 42, users: 500, groups: 12 });
    expect(seedA.body).toEqual(seedB.body);
    expect(seedA.body).toMatchObject({ users: 500, groups: 12 });
    expect(seedA.body.nestedGroups).toBeGreaterThan(0);
    const dirA = emulator.state.requireTenant(a).directory;
    const local = (upn: string) => upn.split('@')[0];
    const usersB = [...emulator.state.requireTenant(b).directory.users.values()];
    expect([...dirA.users.values()].map((u) => [u.id, local(u.userPrincipalName), u.accountEnabled])).toEqual(
      usersB.map((u) => [u.id, local(u.userPrincipalName), u.accountEnabled]),
    );
    const inSeveral = [...dirA.users.keys()].filter((id) => (dirA.memberOf.get(id)?.size ?? 0) > 1);
    expect(inSeveral.length).toBeGreaterThan(0);
    const again = await control(emulator, 'POST', `/tenants/${a}/seed`, { seed: 42, users: 1, groups: 1 });
    expect(again.status).toBe(409);
    const different = await control(emulator, 'POST', `/tenants/${b}/seed`, {
      seed: 43,
      users: 5,
      groups: 0,
    });
    expect(different.status).toBe(200);
  });

  it('creates apps without echoing a chosen secret; a generated one is shown once', async () => {
    const tenant = (await control<{ id: string }>(emulator, 'POST', '/tenants', {})).body.id;
    const chosen = await control(emulator, 'POST', `/tenants/${tenant}/apps`, {
      clientSecret: 'chosen-secret-value',
    });
    expect(chosen.status).toBe(201);
    expect(JSON.stringify(chosen.body)).not.toContain('chosen-secret-value');
    const generated = await control<{ clientSecret: string }>(
      emulator,
      'POST',
      `/tenants/${tenant}/apps`,
      {},
    );
    expect(generated.body.clientSecret).toMatch(/^[\w-]{20,}$/);
  });

  it('manages users, groups and nested memberships, with JSON errors for bad input', async () => {
    const tenant = (await control<{ id: string }>(emulator, 'POST', '/tenants', {})).body.id;
    const user = (
      await control<{ id: string }>(emulator, 'POST', `/tenants/${tenant}/users`, {
        userPrincipalName: 'ada@x.test',
        givenName: 'Ada',
      })
    ).body;
    const outer = (
      await control<{ id: string }>(emulator, 'POST', `/tenants/${tenant}/groups`, { displayName: 'Outer' })
    ).body;
    const inner = (
      await control<{ id: string }>(emulator, 'POST', `/tenants/${tenant}/groups`, { displayName: 'Inner' })
    ).body;
    expect(
      (
        await control(emulator, 'POST', `/tenants/${tenant}/groups/${outer.id}/members`, {
          memberId: inner.id,
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await control(emulator, 'POST', `/tenants/${tenant}/groups/${inner.id}/members`, {
          memberId: user.id,
        })
      ).status,
    ).toBe(204);
    expect(
      (
        await control(emulator, 'POST', `/tenants/${tenant}/groups/${inner.id}/members`, {
          memberId: outer.id,
        })
      ).status,
    ).toBe(400);
    expect(
      (await control(emulator, 'PATCH', `/tenants/${tenant}/users/${user.id}`, { jobTitle: 'Engineer' }))
        .body,
    ).toMatchObject({ jobTitle: 'Engineer' });
    expect(
      (await control(emulator, 'POST', `/tenants/${tenant}/users/${user.id}/soft-delete`)).body,
    ).toMatchObject({ deletedDateTime: expect.any(String) });
    expect(
      (await control(emulator, 'POST', `/tenants/${tenant}/users/${user.id}/restore`)).body,
    ).toMatchObject({ deletedDateTime: null });
    expect((await control(emulator, 'POST', `/tenants/${tenant}/users/${user.id}/hard-delete`)).status).toBe(
      204,
    );
    expect((await control(emulator, 'GET', `/tenants/${tenant}/users/${user.id}`)).status).toBe(404);
    const invalid = await control(emulator, 'POST', `/tenants/${tenant}/users`, {
      userPrincipalName: 'no-at-sign',
      shoeSize: 44,
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ error: { code: 'BadRequest' } });
  });

  it('injects 429 with Retry-After on exactly the configured share of Graph requests, and counts requests', async () => {
    const t = await tenantWithToken(emulator);
    await control(emulator, 'DELETE', '/counters');
    await control(emulator, 'PUT', '/faults', {
      tenantId: t.tenantId,
      throttle: { share: 0.5, retryAfterSeconds: 9 },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const answer = await graph(emulator, t.token, '/organization');
      statuses.push(answer.status);
      if (answer.status === 429) expect(answer.headers.get('retry-after')).toBe('9');
    }
    expect(statuses).toEqual([200, 429, 200, 429, 200, 429]);
    await control(emulator, 'PUT', '/faults', { unavailable: { share: 1, limit: 1 }, latencyMs: 150 });
    const started = Date.now();
    expect((await graph(emulator, t.token, '/organization')).status).toBe(503);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect((await graph(emulator, t.token, '/organization')).status).toBe(200);
    await control(emulator, 'DELETE', '/faults');
    const counters = await control<{ total: number; byStatus: Record<string, number> }>(
      emulator,
      'GET',
      '/counters',
    );
    expect(counters.body.byStatus).toEqual({ '200': 4, '429': 3, '503': 1 });
  });
  it('counts Graph requests as the client sent them and charges resource units per item', async () => {
    const t = await tenantWithToken(emulator);
    await control(emulator, 'DELETE', '/counters');
    expect((await graph(emulator, t.token, '/users?$select=id&$top=999')).status).toBe(200); // 2 − 1 ($select)
    expect((await graph(emulator, t.token, '/users')).status).toBe(200); // 2
    const batch = await graph(emulator, t.token, '/$batch', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        requests: [
          { id: '1', method: 'GET', url: '/organization' }, // 1
          { id: '2', method: 'GET', url: '/users?$select=id' }, // 1
        ],
      }),
    });
    expect(batch.status).toBe(200);
    const counters = await control<{ graphRequests: number; resourceUnits: number; total: number }>(
      emulator,
      'GET',
      '/counters',
    );
    expect(counters.body.graphRequests).toBe(3);
    expect(counters.body.resourceUnits).toBe(5);
    expect(counters.body.total).toBe(5); // the batch's two items travel as requests of their own
  });
});
