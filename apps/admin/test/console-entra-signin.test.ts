import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { type Admin, startAdmin } from './support/harness';

// Debian's Chromium driven by playwright-core (never a downloaded browser), like console.test.ts.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`console Entra sign-in test SKIPPED: no Chromium at ${CHROMIUM}.`);

(haveChromium ? describe : describe.skip)('console: Sign in with Microsoft in Chromium (K5)', () => {
  let admin: Admin;
  let browser: Browser;

  beforeAll(async () => {
    admin = await startAdmin({
      signIn: (emulator) => {
        const tenant = emulator.state.createTenant({ domain: 'console-operators.onmicrosoft.com' });
        const { app, clientSecret } = emulator.state.createApp(tenant.id);
        const dir = tenant.directory;
        // the emulator signs in the tenant's first user when no login_hint is given
        const grace = dir.createUser({
          userPrincipalName: 'grace@console-operators.onmicrosoft.com',
          displayName: 'Grace Hopper',
        });
        const group = dir.createGroup({ displayName: 'entra-sync operators', securityEnabled: true });
        dir.addMember(group.id, grace.id);
        return {
          tenantId: tenant.id,
          clientId: app.clientId,
          clientSecret,
          groupId: group.id,
          loginEndpoint: emulator.url,
          publicUrl: null,
        };
      },
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-background-networking'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await admin?.close();
  });

  it('K5 the sign-in page offers Microsoft; the round trip through Entra lands on the console as the operator, sign-out ends it', async () => {
    // the emulator's certificate comes from a private CA Chromium does not know
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));

    await page.goto(`${admin.base}/console/`);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.getByRole('link', { name: 'Sign in with Microsoft' }).click();
    await page.getByRole('heading', { level: 1, name: 'Connections' }).waitFor();
    expect(page.url()).toBe(`${admin.base}/console/`);
    const signOut = page.getByRole('button', { name: 'Sign out Grace Hopper' });
    expect(await signOut.isVisible()).toBe(true);
    expect(await page.evaluate(() => sessionStorage.getItem('entra-sync.admin-token'))).toBeNull();
    const session = (await context.cookies()).find((c) => c.name === 'entra_sync_console');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });

    await signOut.click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect((await context.cookies()).find((c) => c.name === 'entra_sync_console')).toBeUndefined();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
