import { createHash, createPublicKey, createVerify, randomBytes, type JsonWebKey } from 'node:crypto';
import type { RunningEmulator } from '../src';
import { GROUPS_CLAIM_LIMIT } from '../src/login/delegated-flow';
import { call, startTestEmulator } from './support/harness';

const REDIRECT = 'https://admin.example/auth/callback';

describe('Entra sign-in for the console (K5): authorization code + PKCE, signed id tokens with groups', () => {
  let emulator: RunningEmulator;
  let tenantId: string;
  let clientId: string;
  let clientSecret: string;
  let operatorsGroup: string;
  let nestedGroup: string;

  beforeAll(async () => {
    emulator = await startTestEmulator();
    const tenant = emulator.state.createTenant({ domain: 'msp-signin.onmicrosoft.com' });
    tenantId = tenant.id;
    ({
      app: { clientId },
      clientSecret,
    } = emulator.state.createApp(tenant.id, { redirectUris: [REDIRECT] }));
    const dir = tenant.directory;
    const ada = dir.createUser({
      userPrincipalName: 'ada@msp-signin.onmicrosoft.com',
      displayName: 'Ada Lovelace',
    });
    dir.createUser({ userPrincipalName: 'bob@msp-signin.onmicrosoft.com', displayName: 'Bob' });
    operatorsGroup = dir.createGroup({ displayName: 'entra-sync operators', securityEnabled: true }).id;
    nestedGroup = dir.createGroup({ displayName: 'NOC', securityEnabled: true }).id;
    dir.addMember(operatorsGroup, nestedGroup);
    dir.addMember(nestedGroup, ada.id);
  });
  afterAll(async () => {
    await emulator?.close();
  });

  async function authorize(params: Record<string, string>): Promise<string> {
    const url = new URL(`${emulator.url}/${tenantId}/oauth2/v2.0/authorize`);
    for (const [k, v] of Object.entries({
      client_id: clientId,
      response_type: 'code',
      redirect_uri: REDIRECT,
      scope: 'openid profile',
      ...params,
    }))
      url.searchParams.set(k, v);
    const res = await fetch(url, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const code = new URL(res.headers.get('location') ?? '').searchParams.get('code');
    expect(code).toBeTruthy();
    return code as string;
  }

  const redeem = (code: string, extra: Record<string, string>) =>
    call(`${emulator.url}/${tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: clientId,
        client_secret: clientSecret,
        code,
        redirect_uri: REDIRECT,
        ...extra,
      }).toString(),
    });

  const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

  async function verifiedClaims(idToken: string): Promise<Record<string, unknown>> {
    const [head, body, signature] = idToken.split('.') as [string, string, string];
    const header = JSON.parse(Buffer.from(head, 'base64url').toString()) as { alg: string; kid: string };
    expect(header.alg).toBe('RS256');
    const jwks = await call<{ keys: (JsonWebKey & { kid: string })[] }>(
      `${emulator.url}/${tenantId}/discovery/v2.0/keys`,
    );
    const jwk = jwks.body.keys.find((k) => k.kid === header.kid);
    expect(jwk).toBeDefined();
    const key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
    const ok = createVerify('RSA-SHA256')
      .update(`${head}.${body}`)
      .verify(key, Buffer.from(signature, 'base64url'));
    expect(ok).toBe(true);
    return JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
  }

  it('K5 a code bound to an S256 challenge is redeemed with its verifier: an RS256 id token with nonce, name and nested groups', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const code = await authorize({
      code_challenge: s256(verifier),
      code_challenge_method: 'S256',
      nonce: 'n-0S6_WzA2Mj',
      login_hint: 'ada@msp-signin.onmicrosoft.com',
    });
    const { status, body } = await redeem(code, { code_verifier: verifier });
    expect(status).toBe(200);
    const claims = await verifiedClaims(String(body.id_token));
    expect(claims).toMatchObject({
      aud: clientId,
      iss: `${emulator.url}/${tenantId}/v2.0`,
      nonce: 'n-0S6_WzA2Mj',
      name: 'Ada Lovelace',
      preferred_username: 'ada@msp-signin.onmicrosoft.com',
      tid: tenantId,
    });
    expect(claims.groups).toEqual(expect.arrayContaining([operatorsGroup, nestedGroup]));
  });

  it('K5 a wrong or missing code_verifier is refused like Entra (invalid_grant AADSTS501481, missing parameter)', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const code = await authorize({ code_challenge: s256(verifier), code_challenge_method: 'S256' });
    const wrong = await redeem(code, { code_verifier: randomBytes(32).toString('base64url') });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ error: 'invalid_grant', error_codes: [501481] });
    expect(String(wrong.body.error_description)).toMatch(/^AADSTS501481: The Code_Verifier does not match/);
    const missing = await redeem(code, {});
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ error: 'invalid_request', error_codes: [900144] });
  });

  it('K6 past the JWT group limit the id token carries the overage pointer instead of groups', async () => {
    const tenant = emulator.state.requireTenant(tenantId);
    const many = tenant.directory.createUser({ userPrincipalName: 'many@msp-signin.onmicrosoft.com' });
    for (let i = 0; i <= GROUPS_CLAIM_LIMIT; i += 1) {
      const group = tenant.directory.createGroup({ displayName: `g${i}`, securityEnabled: true });
      tenant.directory.addMember(group.id, many.id);
    }
    const verifier = randomBytes(32).toString('base64url');
    const code = await authorize({
      code_challenge: s256(verifier),
      code_challenge_method: 'S256',
      login_hint: 'many@msp-signin.onmicrosoft.com',
    });
    const { body } = await redeem(code, { code_verifier: verifier });
    const claims = await verifiedClaims(String(body.id_token));
    expect(claims.groups).toBeUndefined();
    expect(claims._claim_names).toEqual({ groups: 'src1' });
  });
});
