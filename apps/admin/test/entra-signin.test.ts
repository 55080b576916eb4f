import { randomBytes } from 'node:crypto';
import type { EmuApp } from '@entra-sync/graph-emulator';
import { type Admin, startAdmin } from './support/harness';

/**
 * K5–K7: operators sign in to the console and API with the MSP's own Entra tenant — authorization code + PKCE
 * against LOGIN_ENDPOINT (the emulator over HTTPS), the real openid-client validating the id token, membership of
 * the allowed group from its `groups` claim. The admin token keeps working for automation.
 */
describe('Entra sign-in to the console and API', () => {
  let admin: Admin;
  let signInApp: EmuApp;
  let groupId: string;
  let ada: { id: string };
  const clientSecret = `secret-${randomBytes(12).toString('base64url')}`;

  beforeAll(async () => {
    admin = await startAdmin({
      signIn: (emulator) => {
        const tenant = emulator.state.createTenant({ domain: 'msp-operators.onmicrosoft.com' });
        ({ app: signInApp } = emulator.state.createApp(tenant.id, { clientSecret, redirectUris: [] }));
        const dir = tenant.directory;
        ada = dir.createUser({
          userPrincipalName: 'ada@msp-operators.onmicrosoft.com',
          displayName: 'Ada Lovelace',
        });
        dir.createUser({ userPrincipalName: 'bob@msp-operators.onmicrosoft.com', displayName: 'Bob' });
        groupId = dir.createGroup({ displayName: 'entra-sync operators', securityEnabled: true }).id;
        const noc = dir.createGroup({ displayName: 'NOC', securityEnabled: true });
        dir.addMember(groupId, noc.id);
        dir.addMember(noc.id, ada.id);
        return {
          tenantId: tenant.id,
          clientId: signInApp.clientId,
          clientSecret,
          groupId,
          loginEndpoint: emulator.url,
          publicUrl: null,
        };
      },
    });
    // the app registration lists exactly the admin's callback, as Entra requires
    signInApp.redirectUris.push(`${admin.base}/auth/callback`);
  });
  afterAll(async () => {
    await admin?.close();
  });

  /** A browser without JavaScript: follows the redirects by hand, keeping cookies per origin path as sent. */
  type Forge = (claims: Record<string, unknown>) => Record<string, unknown>;
  async function signInAs(username: string, tamper = false, forgeSigned: Forge | null = null) {
    const jar = new Map<string, string>();
    const keep = (res: Response) => {
      for (const line of res.headers.getSetCookie()) {
        const [pair = ''] = line.split(';');
        const eq = pair.indexOf('=');
        jar.set(pair.slice(0, eq), pair.slice(eq + 1));
      }
    };
    const cookieHeader = () =>
      [...jar]
        .filter(([, v]) => v !== '')
        .map(([k, v]) => `${k}=${v}`)
        .join('; ');

    const login = await fetch(`${admin.base}/auth/login?login_hint=${encodeURIComponent(username)}`, {
      redirect: 'manual',
    });
    expect(login.status).toBe(302);
    keep(login);
    const authorize = new URL(login.headers.get('location') ?? '');
    expect(authorize.origin).toBe(admin.emulator.url);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('nonce')).toBeTruthy();

    admin.emulator.idTokens.alterAfterSigning = tamper ? (claims) => ({ ...claims, name: 'Mallory' }) : null;
    admin.emulator.idTokens.alterBeforeSigning = forgeSigned;
    try {
      const entra = await fetch(authorize, { redirect: 'manual' });
      expect(entra.status).toBe(302);
      const callback = entra.headers.get('location') ?? '';
      expect(callback.startsWith(`${admin.base}/auth/callback?`)).toBe(true);
      const done = await fetch(callback, { redirect: 'manual', headers: { cookie: cookieHeader() } });
      keep(done);
      return {
        done,
        cookie: cookieHeader(),
        body: done.status === 303 ? null : ((await done.json()) as Record<string, unknown>),
      };
    } finally {
      admin.emulator.idTokens.alterAfterSigning = null;
      admin.emulator.idTokens.alterBeforeSigning = null;
    }
  }

  it('K5 a member of the allowed group (through a nested group) signs in; the session cookie opens the API as that operator', async () => {
    const { done, cookie } = await signInAs('ada@msp-operators.onmicrosoft.com');
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/console/');
    const sessionLine = done.headers.getSetCookie().find((l) => l.startsWith('entra_sync_console='));
    expect(sessionLine).toMatch(/; Path=\/; Max-Age=28800; HttpOnly; SameSite=Strict/);

    const who = await admin.api('GET', '/api/session', undefined, { token: null });
    expect(who.status).toBe(401);
    const session = await fetch(`${admin.base}/api/session`, { headers: { cookie } });
    expect(session.status).toBe(200);
    expect(await session.json()).toEqual({
      actor: {
        kind: 'entra',
        name: 'Ada Lovelace',
        oid: ada.id,
        username: 'ada@msp-operators.onmicrosoft.com',
      },
      via: 'cookie',
    });
    const connections = await fetch(`${admin.base}/api/connections`, { headers: { cookie } });
    expect(connections.status).toBe(200);
    expect(admin.leaked(clientSecret)).toEqual([]);
  });

  it('K7 the static admin token still works for automation, as the actor "admin token"', async () => {
    const who = await admin.api('GET', '/api/session');
    expect(who.status).toBe(200);
    expect(who.body).toEqual({
      actor: { kind: 'token', name: 'admin token', oid: null, username: null },
      via: 'bearer',
    });
  });

  it('K5 a user outside the allowed group is refused with 403 and gets no session', async () => {
    const { done, cookie, body } = await signInAs('bob@msp-operators.onmicrosoft.com');
    expect(done.status).toBe(403);
    expect(done.headers.get('content-type')).toContain('application/problem+json');
    expect(body?.detail).toBe(
      'bob@msp-operators.onmicrosoft.com is not a member of the group allowed to sign in (ADMIN_SIGNIN_GROUP_ID).',
    );
    expect(cookie).not.toContain('entra_sync_console=');
    expect((await fetch(`${admin.base}/api/connections`, { headers: { cookie } })).status).toBe(401);
  });

  it('K5 an id token altered after Entra signed it is refused (signature checked against the JWKS)', async () => {
    const { done, cookie, body } = await signInAs('ada@msp-operators.onmicrosoft.com', true);
    expect(done.status).toBe(401);
    expect(String(body?.detail)).toMatch(/^Sign-in refused: .*signature/i);
    expect(cookie).not.toContain('entra_sync_console=');
  });

  const past = () => Math.floor(Date.now() / 1000) - 3600;
  it.each<[string, Forge, RegExp]>([
    ['another audience', (c) => ({ ...c, aud: '00000000-0000-0000-0000-00000000beef' }), /aud/i],
    ['another issuer', (c) => ({ ...c, iss: 'https://login.example/other/v2.0' }), /iss/i],
    ['another nonce', (c) => ({ ...c, nonce: 'replayed-nonce' }), /nonce/i],
    ['an expired token', (c) => ({ ...c, iat: past() - 60, nbf: past() - 60, exp: past() }), /exp/i],
  ])('K5 a validly signed id token with %s is refused', async (_what, forge, check) => {
    const { done, cookie, body } = await signInAs('ada@msp-operators.onmicrosoft.com', false, forge);
    expect(done.status).toBe(401);
    expect(String(body?.detail)).toMatch(/^Sign-in refused: /);
    expect(String(body?.detail)).toMatch(check);
    expect(cookie).not.toContain('entra_sync_console=');
  });

  it('K5 a callback without its sign-in cookie, or for another sign-in, is refused', async () => {
    const login = await fetch(`${admin.base}/auth/login`, { redirect: 'manual' });
    const entra = await fetch(login.headers.get('location') ?? '', { redirect: 'manual' });
    const callback = entra.headers.get('location') ?? '';
    const bare = await fetch(callback, { redirect: 'manual' });
    expect(bare.status).toBe(400);
    const other = await fetch(`${admin.base}/auth/login`, { redirect: 'manual' });
    const otherCookie = (other.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
    const crossed = await fetch(callback, { redirect: 'manual', headers: { cookie: otherCookie } });
    expect(crossed.status).toBe(401);
    expect(crossed.headers.getSetCookie().some((l) => l.startsWith('entra_sync_console=e'))).toBe(false);
  });

  it('K6 a user in more groups than a token carries (overage) is refused with 403 and the fix', async () => {
    const tenant = admin.emulator.state.requireTenant('msp-operators.onmicrosoft.com');
    const many = tenant.directory.createUser({ userPrincipalName: 'many@msp-operators.onmicrosoft.com' });
    tenant.directory.addMember(groupId, many.id);
    for (let i = 0; i < 200; i += 1)
      tenant.directory.addMember(
        tenant.directory.createGroup({ displayName: `team ${i}`, securityEnabled: true }).id,
        many.id,
      );
    const { done, cookie, body } = await signInAs('many@msp-operators.onmicrosoft.com');
    expect(done.status).toBe(403);
    expect(String(body?.detail)).toContain('Groups assigned to the application');
    expect(cookie).not.toContain('entra_sync_console=');
  });

  it('K5 /auth/providers tells the console that Entra sign-in is available', async () => {
    const res = await fetch(`${admin.base}/auth/providers`);
    expect(await res.json()).toEqual({ entra: { loginUrl: '/auth/login' } });
  });
});
