import type { RunningEmulator } from '@entra-sync/graph-emulator';
import {
  authorizationUrl,
  classifyGraphError,
  createGraphClient,
  getOrganization,
  GraphRequestCounter,
  resolveEndpoints,
  TokenAcquisitionError,
  getUser,
} from '../src';
import { createTestTenant, failureOf, startTestEmulator } from './support/emulator';

describe('token acquisition against the emulator (real @azure/identity + Graph SDK)', () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it('S7.2 acquires an app-only token with the client secret and caches it across requests', async () => {
    const t = createTestTenant(emulator);
    const before = emulator.state.counters.byRoute['POST /:tenant/oauth2/v2.0/token'] ?? 0;
    const org = await getOrganization(t.client);
    expect(org.tenantId).toBe(t.tenantId);
    expect(org.domains).toEqual([t.domain]);
    await getUser(t.client, '00000000-0000-0000-0000-000000000000');
    await getOrganization(t.client);
    expect(emulator.state.counters.byRoute['POST /:tenant/oauth2/v2.0/token']).toBe(before + 1);
    expect(t.counter.snapshot().tokens.ok).toBe(1);
    expect(t.counter.snapshot().requests).toMatchObject({ ok: 2, 'not-found': 1 });
  });

  it('S7.3 a wrong client secret is classified auth with the Entra code, and no secret leaks into the error', async () => {
    const t = createTestTenant(emulator);
    const client = createGraphClient(
      {
        tenant: t.tenantId,
        clientId: t.clientId,
        credential: { kind: 'clientSecret', clientSecret: 'wrong-secret-value' },
      },
      t.endpoints,
      { counter: new GraphRequestCounter() },
    );
    const err = await failureOf(() => getOrganization(client));
    expect(err).toBeInstanceOf(TokenAcquisitionError);
    const failure = classifyGraphError(err);
    expect(failure).toMatchObject({ kind: 'auth', code: 'AADSTS7000215' });
    expect(JSON.stringify(failure)).not.toContain('wrong-secret-value');
    expect(JSON.stringify(failure)).not.toContain(t.clientSecret);
  });

  it('S7.3 an invalidated secret stops new tokens (auth) while tokens already issued keep working', async () => {
    const t = createTestTenant(emulator);
    await getOrganization(t.client);
    emulator.state.invalidateSecret(t.clientId);
    await expect(getOrganization(t.client)).resolves.toMatchObject({ tenantId: t.tenantId });
    const fresh = createGraphClient(
      {
        tenant: t.tenantId,
        clientId: t.clientId,
        credential: { kind: 'clientSecret', clientSecret: t.clientSecret },
      },
      t.endpoints,
    );
    expect(classifyGraphError(await failureOf(() => getOrganization(fresh)))).toMatchObject({
      kind: 'auth',
      code: 'AADSTS7000215',
    });
  });

  it('S7.3 an unknown app (AADSTS700016) and an unknown tenant (AADSTS90002) are auth failures', async () => {
    const t = createTestTenant(emulator);
    const unknownApp = createGraphClient(
      {
        tenant: t.tenantId,
        clientId: '11111111-2222-3333-4444-555555555555',
        credential: { kind: 'clientSecret', clientSecret: 'x' },
      },
      t.endpoints,
    );
    expect(classifyGraphError(await failureOf(() => getOrganization(unknownApp)))).toMatchObject({
      kind: 'auth',
      code: 'AADSTS700016',
    });
    const unknownTenant = createGraphClient(
      {
        tenant: 'nobody.onmicrosoft.com',
        clientId: t.clientId,
        credential: { kind: 'clientSecret', clientSecret: t.clientSecret },
      },
      t.endpoints,
    );
    const tenantErr = await failureOf(() => getOrganization(unknownTenant));
    expect(classifyGraphError(tenantErr)).toMatchObject({
      kind: 'auth',
      code: 'AADSTS90002',
    });
  });

  it('S0 a multi-tenant app reaches a customer tenant only after admin consent there', async () => {
    const parent = createTestTenant(emulator);
    const child = emulator.state.createTenant({ domain: `child-${Date.now()}.onmicrosoft.com` });
    const connection = {
      tenant: child.domain,
      clientId: parent.clientId,
      credential: { kind: 'clientSecret' as const, clientSecret: parent.clientSecret },
    };
    expect(
      classifyGraphError(
        await failureOf(() => getOrganization(createGraphClient(connection, parent.endpoints))),
      ),
    ).toMatchObject({ kind: 'auth', code: 'AADSTS700016' });
    emulator.state.grantConsent(child.id, parent.clientId);
    await expect(getOrganization(createGraphClient(connection, parent.endpoints))).resolves.toMatchObject({
      tenantId: child.id,
    });
  });

  it('S7.3 missing Graph permissions (no consent to the role) answer 403, classified auth', async () => {
    const t = createTestTenant(emulator, { permissions: [] });
    expect(
      classifyGraphError(await failureOf(() => getUser(t.client, '00000000-0000-0000-0000-000000000000'))),
    ).toMatchObject({
      kind: 'auth',
      status: 403,
      code: 'Authorization_RequestDenied',
    });
  });

  it('S7.3 an unreachable login endpoint is transient, not auth', async () => {
    const t = createTestTenant(emulator);
    const closed = resolveEndpoints({ graphEndpoint: emulator.url, loginEndpoint: 'https://127.0.0.1:9' });
    const client = createGraphClient(
      {
        tenant: t.tenantId,
        clientId: t.clientId,
        credential: { kind: 'clientSecret', clientSecret: t.clientSecret },
      },
      closed,
    );
    expect(classifyGraphError(await failureOf(() => getOrganization(client)))).toMatchObject({
      kind: 'transient',
    });
  });

  it('S7.2 the delegated authorization-code flow: consent URL, code at the redirect URI, then tokens', async () => {
    const t = createTestTenant(emulator);
    const redirectUri = 'http://127.0.0.1:3000/oauth/callback';
    const consent = authorizationUrl(t.endpoints, {
      tenant: t.tenantId,
      clientId: t.clientId,
      redirectUri,
      state: 'opaque-state',
    });
    const res = await fetch(consent, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const callback = new URL(res.headers.get('location') ?? '');
    expect(`${callback.origin}${callback.pathname}`).toBe(redirectUri);
    expect(callback.searchParams.get('state')).toBe('opaque-state');
    const code = callback.searchParams.get('code') ?? '';
    const client = createGraphClient(
      {
        tenant: t.tenantId,
        clientId: t.clientId,
        credential: {
          kind: 'authorizationCode',
          clientSecret: t.clientSecret,
          authorizationCode: code,
          redirectUri,
        },
      },
      t.endpoints,
    );
    await expect(getOrganization(client)).resolves.toMatchObject({ tenantId: t.tenantId });
  });
});
