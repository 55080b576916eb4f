import { randomUUID } from 'node:crypto';
import { startAdmin, type Admin } from './support/harness';

describe('admin API: connections (S7)', () => {
  let admin: Admin;
  const secrets: string[] = [];
  beforeAll(async () => {
    admin = await startAdmin();
  });
  afterAll(async () => {
    await admin?.close();
  });

  const tenant = () => {
    const t = admin.tenant();
    secrets.push(t.clientSecret);
    return t;
  };

  it('S7 creates a connection by tenant domain: credentials checked, tenant id resolved, secret never returned', async () => {
    const t = tenant();
    const res = await admin.api('POST', '/api/connections', {
      name: 'Contoso',
      tenant: t.domain,
      clientId: t.clientId,
      clientSecret: t.clientSecret,
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: 'Contoso',
      tenant: t.domain,
      tenantId: t.tenantId,
      clientId: t.clientId,
      status: 'connected',
      staffTenant: false,
      lastError: null,
      lastSyncAt: null,
      nextRetryAt: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(res.headers.get('location')).toBe(`/api/connections/${res.body.id}`);
    expect(res.text).not.toContain(t.clientSecret);
    const stored = await admin.db
      .selectFrom('connections')
      .select('client_secret')
      .where('id', '=', res.body.id)
      .executeTakeFirstOrThrow();
    expect(stored.client_secret.toString('utf8')).not.toContain(t.clientSecret); // S7.1 encrypted at rest
    const ensure = await admin.producer.queue('subscriptions').getJobs(['waiting']);
    expect(ensure.map((j) => j.data)).toContainEqual({ connectionId: res.body.id });

    const one = await admin.api('GET', `/api/connections/${res.body.id}`);
    expect(one.body).toEqual(res.body);
    const list = await admin.api('GET', '/api/connections');
    expect(list.body.items).toContainEqual(res.body);
  });

  it('S7 422 with the exact Entra error for a wrong client secret (AADSTS7000215), never echoing it', async () => {
    const t = tenant();
    const wrong = `wrong-${randomUUID()}`;
    secrets.push(wrong);
    const res = await admin.api('POST', '/api/connections', {
      name: 'Wrong secret',
      tenant: t.tenantId,
      clientId: t.clientId,
      clientSecret: wrong,
    });
    expect(res.status).toBe(422);
    expect(res.contentType).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 422, code: 'AADSTS7000215', failureKind: 'auth' });
    expect(res.body.detail).toContain('AADSTS7000215');
    expect(res.body.detail).toContain('Invalid client secret');
    expect(res.text).not.toContain(wrong);
    const names = (await admin.api('GET', '/api/connections')).body.items.map(
      (c: { name: string }) => c.name,
    );
    expect(names).not.toContain('Wrong secret');
  });

  it('S7 422 for an unknown tenant (AADSTS90002) and an app not consented there (AADSTS700016)', async () => {
    const t = tenant();
    const unknownTenant = await admin.api('POST', '/api/connections', {
      name: 'Nobody',
      tenant: 'nobody.onmicrosoft.com',
      clientId: t.clientId,
      clientSecret: t.clientSecret,
    });
    expect(unknownTenant.status).toBe(422);
    expect(unknownTenant.body.code).toBe('AADSTS90002');
    const child = admin.emulator.state.createTenant();
    const notConsented = await admin.api('POST', '/api/connections', {
      name: 'Child',
      tenant: child.domain,
      clientId: t.clientId,
      clientSecret: t.clientSecret,
    });
    expect(notConsented.status).toBe(422);
    expect(notConsented.body.code).toBe('AADSTS700016');
  });

  it('400 naming the missing field; 409 for a name taken in any case', async () => {
    const t = tenant();
    const missing = await admin.api('POST', '/api/connections', {
      name: 'X',
      tenant: t.domain,
      clientId: t.clientId,
    });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([{ field: 'body.clientSecret', message: expect.any(String) }]);
    await admin.connection(t, 'Fabrikam');
    const again = await admin.api('POST', '/api/connections', {
      name: 'FABRIKAM',
      tenant: t.domain,
      clientId: t.clientId,
      clientSecret: t.clientSecret,
    });
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('urn:entra-sync:problem:name-taken');
  });

  it('PATCH renames; a wrong new secret is refused with the Entra error and changes nothing', async () => {
    const t = tenant();
    const { id } = await admin.connection(t);
    const renamed = await admin.api('PATCH', `/api/connections/${id}`, { name: 'Renamed' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Renamed', status: 'connected' });
    const wrong = await admin.api('PATCH', `/api/connections/${id}`, {
      clientSecret: 'not-the-secret-at-all',
    });
    secrets.push('not-the-secret-at-all');
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe('AADSTS7000215');
    expect((await admin.api('POST', `/api/connections/${id}/test`)).status).toBe(200);
  });

  it('S7.3 test marks a connection failing with the last error once its secret stops working, and a rotated secret brings it back', async () => {
    const t = tenant();
    const { id } = await admin.connection(t);
    const ok = await admin.api('POST', `/api/connections/${id}/test`);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      ok: true,
      connection: { status: 'connected' },
      organization: { tenantId: t.tenantId },
    });

    admin.emulator.state.invalidateSecret(t.clientId);
    const failed = await admin.api('POST', `/api/connections/${id}/test`);
    expect(failed.status).toBe(422);
    expect(failed.body).toMatchObject({ code: 'AADSTS7000215', connection: { status: 'failing' } });
    const stored = (await admin.api('GET', `/api/connections/${id}`)).body;
    expect(stored.status).toBe('failing');
    expect(stored.lastError).toContain('AADSTS7000215');

    const fresh = admin.emulator.state.addSecret(t.clientId);
    secrets.push(fresh);
    const rotated = await admin.api('PATCH', `/api/connections/${id}`, { clientSecret: fresh });
    expect(rotated.status).toBe(200);
    expect(rotated.body).toMatchObject({ status: 'connected', lastError: null });
    expect(rotated.body.syncRunId).toEqual(expect.any(String)); // reconciles what it missed
    expect(rotated.text).not.toContain(fresh);
  });

  it('S8 sync → 202 { runId }, a queued sync run and a full-sync job carrying ids only', async () => {
    const { id } = await admin.connection(tenant());
    const res = await admin.api('POST', `/api/connections/${id}/sync`);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ runId: expect.any(String) });
    const run = await admin.api('GET', `/api/sync-runs/${res.body.runId}`);
    expect(run.body).toMatchObject({
      id: res.body.runId,
      connectionId: id,
      status: 'queued',
      counts: {},
      finishedAt: null,
    });
    const job = await admin.producer.queue('fullSync').getJob(`sync.${res.body.runId}`);
    expect(job?.data).toEqual({ connectionId: id, runId: res.body.runId, cause: 'manual' });
    // S8: removals above the limit are confirmed in /api/confirmations, not pre-confirmed on the run
    const refused = await admin.api('POST', `/api/connections/${id}/sync`, { confirmDeactivations: true });
    expect(refused.status).toBe(400);
  });

  it('S7.3 disable stops syncs (409); enabling checks the credentials and reconciles', async () => {
    const { id } = await admin.connection(tenant());
    const disabled = await admin.api('PATCH', `/api/connections/${id}`, { status: 'disabled' });
    expect(disabled.body).toMatchObject({ status: 'disabled', syncRunId: null });
    const sync = await admin.api('POST', `/api/connections/${id}/sync`);
    expect(sync.status).toBe(409);
    expect(sync.body.type).toBe('urn:entra-sync:problem:connection-disabled');
    expect((await admin.api('POST', `/api/connections/${id}/test`)).body.connection.status).toBe('disabled');
    const bad = await admin.api('PATCH', `/api/connections/${id}`, { status: 'failing' });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain('body.status');
    const enabled = await admin.api('PATCH', `/api/connections/${id}`, { status: 'connected' });
    expect(enabled.body).toMatchObject({ status: 'connected', syncRunId: expect.any(String) });
    const job = await admin.producer.queue('fullSync').getJob(`sync.${enabled.body.syncRunId}`);
    expect(job?.data.connectionId).toBe(id);
  });

  it('DELETE removes the connection (204), then 404', async () => {
    const { id } = await admin.connection(tenant());
    const res = await admin.api('DELETE', `/api/connections/${id}`);
    expect(res.status).toBe(204);
    expect((await admin.api('GET', `/api/connections/${id}`)).status).toBe(404);
    expect((await admin.api('POST', `/api/connections/${id}/sync`)).status).toBe(404);
  });

  it('S7.1 no client secret in any response body or captured log line', () => {
    expect(secrets.length).toBeGreaterThan(5);
    expect(admin.logLines.length).toBeGreaterThan(20);
    for (const secret of secrets) expect(admin.leaked(secret)).toEqual([]);
  });
});
