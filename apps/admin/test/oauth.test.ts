import { randomUUID } from 'node:crypto';
import { catalog } from '@entra-sync/queues';
import { startAdmin, type Admin } from './support/harness';

/**
 * S7.2 delegated setup against the emulator: an MSP's multi-tenant app (registered in its own tenant) reaches a
 * customer tenant only after that tenant's administrator consents through `/oauth2/v2.0/authorize`.
 */
describe('admin API: delegated admin consent (S7.2)', () => {
  let admin: Admin;
  beforeAll(async () => {
    admin = await startAdmin();
  });
  afterAll(async () => {
    await admin?.close();
  });

  /** the MSP's app, registered in its own tenant with our callback, and a customer tenant that never consented */
  function mspAndCustomer() {
    const home = admin.emulator.state.createTenant();
    const { app, clientSecret } = admin.emulator.state.createApp(home.id, {
      redirectUris: [`${admin.base}/oauth/callback`],
    });
    const customer = admin.emulator.state.createTenant();
    return { clientId: app.clientId, clientSecret, customer };
  }

  async function delegated(name = `Customer ${randomUUID().slice(0, 8)}`) {
    const { clientId, clientSecret, customer } = mspAndCustomer();
    const res = await admin.api('POST', '/api/connections/delegated', {
      name,
      tenant: customer.domain,
      clientId,
      clientSecret,
    });
    expect(res.status).toBe(201);
    return { res, clientId, clientSecret, customer, id: res.body.id as string };
  }

  /** what the administrator's browser does at Entra: follow the consent URL, come back with code and state */
  async function consentAt(url: string): Promise<URL> {
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(302);
    return new URL(res.headers.get('location') ?? '');
  }

  it('S7.2 round trip: pending connection → consent at the emulator → /oauth/callback → connected, tenant from the token', async () => {
    const { clientId, clientSecret, customer } = mspAndCustomer();
    // without consent the app does not exist in the customer tenant: the app-only check refuses it
    const refused = await admin.api('POST', '/api/connections', {
      name: `Refused ${randomUUID().slice(0, 8)}`,
      tenant: customer.domain,
      clientId,
      clientSecret,
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('AADSTS700016');

    const created = await admin.api('POST', '/api/connections/delegated', {
      name: `Customer ${randomUUID().slice(0, 8)}`,
      tenant: customer.domain,
      clientId,
      clientSecret,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'pending', tenant: customer.domain, tenantId: null });
    const consent = new URL(created.body.consent.url);
    expect(`${consent.origin}${consent.pathname}`).toBe(
      `${admin.emulator.url}/${customer.domain}/oauth2/v2.0/authorize`,
    );
    expect(consent.searchParams.get('redirect_uri')).toBe(`${admin.base}/oauth/callback`);
    expect(consent.searchParams.get('client_id')).toBe(clientId);

    const callback = await consentAt(consent.toString());
    expect(`${callback.origin}${callback.pathname}`).toBe(`${admin.base}/oauth/callback`);
    const code = callback.searchParams.get('code') ?? '';
    expect(code).not.toBe('');
    // a tenant in the query string is ignored: the tenant comes from the token
    const decoy = admin.emulator.state.createTenant();
    callback.searchParams.set('tenant', decoy.id);
    const landed = await fetch(callback, { redirect: 'manual' });
    expect(landed.status).toBe(303);
    expect(landed.headers.get('location')).toBe(`/console/#/connections?consented=${created.body.id}`);

    const after = await admin.api('GET', `/api/connections/${created.body.id}`);
    expect(after.body).toMatchObject({ status: 'connected', tenantId: customer.id, lastError: null });
    // connected: subscriptions and a full sync are queued (S7.3 reconcile what was missed)
    const ensure = await admin.producer.queue('subscriptions').getJobs(['waiting', 'prioritized']);
    expect(ensure.map((j) => j.data.connectionId)).toContain(created.body.id);
    const syncs = await admin.producer.queue('fullSync').getJobs(['waiting']);
    expect(syncs.some((j) => j.data.connectionId === created.body.id)).toBe(true);
    expect(catalog.fullSync.name).toBe('full-sync');

    // S7.1: neither the secret nor the authorization code reaches a response or a log line
    expect(admin.leaked(clientSecret)).toEqual([]);
    expect(admin.leaked(code)).toEqual([]);

    // the state was used once: the same callback again is a replay
    const replay = await fetch(callback, { redirect: 'manual' });
    expect(replay.status).toBe(400);
    expect((await replay.json()).type).toBe('urn:entra-sync:problem:invalid-state');
  });

  it('S7.2 a tampered state is 400 problem+json and changes nothing', async () => {
    const { id, res } = await delegated();
    const callback = await consentAt(res.body.consent.url);
    const state = callback.searchParams.get('state') ?? '';
    const [body, mac] = state.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    const forgedBody = Buffer.from(JSON.stringify({ ...claims, c: randomUUID() })).toString('base64url');
    for (const forged of [`${forgedBody}.${mac}`, `${body}.${mac.slice(0, -2)}xx`, 'not-a-state', '']) {
      const url = new URL(callback);
      url.searchParams.set('state', forged);
      const answer = await fetch(url, { redirect: 'manual' });
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await answer.json()).toMatchObject({
        status: 400,
        type: 'urn:entra-sync:problem:invalid-state',
      });
    }
    const missing = new URL(callback);
    missing.searchParams.delete('state');
    expect((await fetch(missing, { redirect: 'manual' })).status).toBe(400);
    expect((await admin.api('GET', `/api/connections/${id}`)).body.status).toBe('pending');
  });

  it('S7.2 a declined consent is reported with Entra error code; a code Entra rejects is 422 with its AADSTS code', async () => {
    const { id, res } = await delegated();
    const callback = await consentAt(res.body.consent.url);
    const declined = new URL(`${admin.base}/oauth/callback`);
    declined.searchParams.set('state', callback.searchParams.get('state') ?? '');
    declined.searchParams.set('error', 'access_denied');
    declined.searchParams.set('error_description', 'AADSTS65004: User declined to consent.');
    const answer = await fetch(declined, { redirect: 'manual' });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({
      type: 'urn:entra-sync:problem:consent-denied',
      code: 'access_denied',
      connectionId: id,
    });

    const link = await admin.api('GET', `/api/connections/${id}/consent`);
    expect(link.status).toBe(200);
    const second = await consentAt(link.body.url);
    second.searchParams.set('code', `${second.searchParams.get('code')}tampered`);
    const rejected = await fetch(second, { redirect: 'manual' });
    expect(rejected.status).toBe(422);
    expect(await rejected.json()).toMatchObject({
      type: 'urn:entra-sync:problem:credentials-rejected',
      code: 'AADSTS70000',
    });
    expect((await admin.api('GET', `/api/connections/${id}`)).body.status).toBe('pending');
  });

  it('the consent link needs the admin token; an unknown connection is 404; names stay unique', async () => {
    const { id, res } = await delegated();
    expect(
      (await admin.api('GET', `/api/connections/${id}/consent`, undefined, { token: null })).status,
    ).toBe(401);
    expect((await admin.api('GET', `/api/connections/${randomUUID()}/consent`)).status).toBe(404);
    const again = await admin.api('POST', '/api/connections/delegated', {
      name: res.body.name.toUpperCase(),
      tenant: 'contoso.onmicrosoft.com',
      clientId: randomUUID(),
      clientSecret: 'x',
    });
    expect(again.status).toBe(409);
  });

  it('behind a TLS-terminating proxy the redirect URI is the https origin the console was opened at', async () => {
    const { id } = await delegated();
    const res = await fetch(`${admin.base}/api/connections/${id}/consent`, {
      headers: {
        authorization: `Bearer ${admin.token}`,
        'x-forwarded-proto': 'https',
        'x-forwarded-host': 'sync.example.com',
      },
    });
    const body = (await res.json()) as { url: string; redirectUri: string };
    expect(body.redirectUri).toBe('https://sync.example.com/oauth/callback');
    expect(new URL(body.url).searchParams.get('redirect_uri')).toBe(body.redirectUri);
  });
});
