import type { RunningEmulator } from '../src';
import { call, graph, startTestEmulator, tokenFor } from './support/harness';

describe('Entra login endpoints', () => {
  let emulator: RunningEmulator;
  let tenantId: string;
  let clientId: string;
  let clientSecret: string;
  // the emulator's clock, on a whole second (tokens carry seconds): it moves only when a test moves it
  let now = Math.floor(Date.now() / 1000) * 1000;

  beforeAll(async () => {
    emulator = await startTestEmulator({ tokenLifetimeSeconds: 2, now: () => new Date(now) });
    const tenant = emulator.state.createTenant({ domain: 'login-test.onmicrosoft.com' });
    tenantId = tenant.id;
    ({
      app: { clientId },
      clientSecret,
    } = emulator.state.createApp(tenant.id));
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it('S7.5 serves the OpenID configuration per tenant (by id or domain) with endpoints on the emulator', async () => {
    const { status, body } = await call(
      `${emulator.url}/login-test.onmicrosoft.com/v2.0/.well-known/openid-configuration`,
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({
      issuer: `${emulator.url}/${tenantId}/v2.0`,
      token_endpoint: `${emulator.url}/${tenantId}/oauth2/v2.0/token`,
      authorization_endpoint: `${emulator.url}/${tenantId}/oauth2/v2.0/authorize`,
      jwks_uri: `${emulator.url}/${tenantId}/discovery/v2.0/keys`,
    });
  });

  it('S7.2 issues a client-credentials token with expires_in', async () => {
    const { status, body } = await tokenFor(emulator, tenantId, clientId, clientSecret);
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 2, ext_expires_in: 2 });
    expect(String(body.access_token).split('.')).toHaveLength(3);
  });

  it.each([
    ['bad secret', () => [tenantId, clientId, 'nope'], 401, 'invalid_client', 7000215],
    [
      'unknown app',
      () => [tenantId, '9d8e7f00-0000-4000-8000-000000000000', 'x'],
      400,
      'unauthorized_client',
      700016,
    ],
    [
      'unknown tenant',
      () => ['nobody.onmicrosoft.com', clientId, clientSecret],
      400,
      'invalid_request',
      90002,
    ],
  ] as const)('S7.3 answers %s with the Entra error shape', async (_name, args, status, error, code) => {
    const [tenant, id, secret] = args() as [string, string, string];
    const answer = await tokenFor(emulator, tenant, id, secret);
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({
      error,
      error_codes: [code],
      trace_id: expect.any(String),
      correlation_id: expect.any(String),
    });
    expect(String(answer.body.error_description)).toMatch(new RegExp(`^AADSTS${code}: .+\\r\\nTrace ID: `));
    expect(JSON.stringify(answer.body)).not.toContain(clientSecret);
  });

  it('S7.2 rejects a scope without /.default, a foreign resource and an unsupported grant', async () => {
    const post = (params: Record<string, string>) =>
      call(`${emulator.url}/${tenantId}/oauth2/v2.0/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_id: clientId,
          client_secret: clientSecret,
          grant_type: 'client_credentials',
          ...params,
        }).toString(),
      });
    expect((await post({ scope: 'User.Read' })).body).toMatchObject({
      error: 'invalid_scope',
      error_codes: [1002012],
    });
    expect((await post({ scope: 'https://management.azure.com/.default' })).body).toMatchObject({
      error_codes: [500011],
    });
    expect((await post({ scope: `${emulator.url}/.default`, grant_type: 'password' })).body).toMatchObject({
      error: 'unsupported_grant_type',
    });
  });

  it('S7.3 Graph refuses a missing, forged or expired token with 401 InvalidAuthenticationToken', async () => {
    const token = String((await tokenFor(emulator, tenantId, clientId, clientSecret)).body.access_token);
    expect((await graph(emulator, token, '/organization')).status).toBe(200);
    const missing = await call(`${emulator.url}/v1.0/organization`);
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({
      error: { code: 'InvalidAuthenticationToken', innerError: { 'request-id': expect.any(String) } },
    });
    const [head, body] = token.split('.');
    expect((await graph(emulator, `${head}.${body}.forged`, '/organization')).status).toBe(401);
    now += 1_999; // the last millisecond of its 2 s
    expect((await graph(emulator, token, '/organization')).status).toBe(200);
    now += 1;
    const expired = await graph(emulator, token, '/organization');
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({
      error: { message: 'Lifetime validation failed, the token is expired.' },
    });
  });
});
