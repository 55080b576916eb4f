import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { getConfirmation, listRules, updateSyncRun } from '@entra-sync/db';
import { seedHeldRemovals } from '@entra-sync/db/testing';
import {
  heldConnection,
  makeDeadLetters,
  seedConsole,
  startConsoleServer,
  type ConsoleServer,
} from './console-fixtures';

// Debian's Chromium driven by playwright-core (never a downloaded browser). CI installs it (.ci/run).
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium)
  console.warn(
    `console browser tests SKIPPED: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH).`,
  );
// Every run saves screenshots to test-artifacts/ (ignored); UPDATE_SCREENSHOTS=1 refreshes the README's copies.
const SCREENSHOTS = path.resolve(
  __dirname,
  process.env.UPDATE_SCREENSHOTS === '1'
    ? '../../../docs/screenshots'
    : '../../../test-artifacts/screenshots',
);

(haveChromium ? describe : describe.skip)('web console in Chromium (issue 5)', () => {
  let server: ConsoleServer;
  let seed: Awaited<ReturnType<typeof seedConsole>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const requestedUrls: string[] = [];
  const cspErrors: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startConsoleServer();
    seed = await seedConsole(server);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-background-networking'],
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    page = await context.newPage();
    page.on('request', (request) => requestedUrls.push(request.url()));
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('console', (message) => {
      if (
        message.type() === 'error' &&
        /Content Security Policy/i.test(message.text()) &&
        page.url().includes('/console/')
      )
        cspErrors.push(message.text());
    });
    page.on('dialog', (dialog) => void dialog.accept());
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  afterEach(() => {
    expect(pageErrors).toEqual([]);
    expect(cspErrors).toEqual([]);
  });

  const shot = (name: string) =>
    page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name });
  const nav = (name: string) =>
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();

  /** Landmarks, one h1, a label on every control, a name on every button and link, captions on tables. */
  async function expectAccessible(): Promise<void> {
    const problems = await page.evaluate(() => {
      const found: string[] = [];
      const shown = (el: Element) => !el.closest('[hidden]');
      if (document.querySelectorAll('main').length !== 1) found.push('exactly one main landmark');
      if (document.querySelectorAll('h1').length !== 1) found.push('exactly one h1');
      document.querySelectorAll('input, select, textarea').forEach((el) => {
        const control = el as HTMLInputElement;
        if (!shown(el) || control.type === 'hidden') return;
        if (!control.labels?.length && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
          found.push(`unlabelled ${el.tagName.toLowerCase()} ${control.name}`);
      });
      document.querySelectorAll('button, a[href]').forEach((el) => {
        if (shown(el) && !(el.getAttribute('aria-label') ?? el.textContent ?? '').trim())
          found.push(`nameless ${el.tagName.toLowerCase()}`);
      });
      document.querySelectorAll('table').forEach((t) => {
        if (!t.querySelector('caption')) found.push('table without caption');
      });
      document.querySelectorAll('svg[role="img"]').forEach((s) => {
        if (!s.getAttribute('aria-labelledby')) found.push('chart without a name');
      });
      return found;
    });
    expect(problems).toEqual([]);
  }

  it('signs in with the admin token (keyboard only), kept in sessionStorage and never in a URL', async () => {
    await page.goto(`${server.base}/`);
    expect(page.url()).toBe(`${server.base}/console/`);
    await heading('Sign in').waitFor();
    expect(await page.locator('#sign-out').isVisible()).toBe(false);
    expect(await page.locator('#nav').isVisible()).toBe(false);
    await expectAccessible();
    const token = page.getByLabel('Admin token');
    await token.focus();
    await page.keyboard.type('not-the-token');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'That is not the admin token.' }).waitFor();
    await token.fill('');
    await page.keyboard.type(server.token);
    await page.keyboard.press('Enter');
    await heading('Connections').waitFor();

    expect(await page.evaluate(() => sessionStorage.getItem('entra-sync.admin-token'))).toBe(server.token);
    expect(requestedUrls.filter((url) => url.includes(server.token))).toEqual([]);
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'entra_sync_console')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
    });
    expect(server.logLines.filter((line) => line.includes(server.token))).toEqual([]);
  });

  it('connections: status, last error, the S7.3 reconnect countdown, and Sync with live progress (S8)', async () => {
    const contoso = page.locator(`tr[data-connection="${seed.contoso.id}"]`);
    const northwind = page.locator(`tr[data-connection="${seed.northwind.id}"]`);
    await contoso.getByText('Connected').waitFor();
    await northwind.getByText('Failing').waitFor();
    await northwind.getByText(/AADSTS7000215/).waitFor();
    const countdown = northwind.locator('.countdown');
    await countdown.filter({ hasText: /^Reconnects in 1:\d\d$/ }).waitFor();
    const before = await countdown.textContent();
    await page.waitForTimeout(1100);
    expect(await countdown.textContent()).not.toBe(before);
    await expectAccessible();

    const runsBefore = await runIds(seed.contoso.id);
    await page.getByRole('button', { name: 'Sync: Contoso' }).click();
    const progress = page.locator(`.sync-run[data-connection="${seed.contoso.id}"]`);
    await progress.getByText('waiting for a worker').waitFor();
    const runId = (await runIds(seed.contoso.id)).find((id) => !runsBefore.includes(id)) ?? '';
    expect(runId).not.toBe('');
    // the worker's side, as the full-sync processor writes it (S8 progress)
    await updateSyncRun(server.db, runId, { status: 'running', counts: { total: 4, processed: 1 } });
    await progress.getByText('1 of 4 users').waitFor();
    expect(await progress.locator('progress').evaluate((p: HTMLProgressElement) => [p.value, p.max])).toEqual(
      [1, 4],
    );
    await updateSyncRun(server.db, runId, {
      status: 'succeeded',
      counts: { total: 4, processed: 4, created: 2, updated: 1, unchanged: 1 },
      finishedAt: new Date(),
    });
    await progress.getByText('4 users: 2 created, 1 updated').waitFor();
    await shot('connections');
  });

  it('S3.4 connections: the staff-tenant mark is shown, set and cleared from the page; the add form asks for it', async () => {
    await nav('Connections');
    const contoso = page.locator(`tr[data-connection="${seed.contoso.id}"]`);
    const northwind = page.locator(`tr[data-connection="${seed.northwind.id}"]`);
    await contoso
      .locator('[data-staff-tenant="true"]')
      .getByText(/^Staff tenant/)
      .waitFor();
    await northwind
      .locator('[data-staff-tenant="false"]')
      .getByText(/^Customer tenant/)
      .waitFor();

    await page.getByRole('button', { name: 'Mark as staff tenant: Northwind' }).click();
    await northwind.locator('[data-staff-tenant="true"]').waitFor();
    expect((await server.api('GET', `/api/connections/${seed.northwind.id}`)).staffTenant).toBe(true);
    await page.getByRole('button', { name: 'Unmark staff tenant: Northwind' }).click();
    await northwind.locator('[data-staff-tenant="false"]').waitFor();
    expect((await server.api('GET', `/api/connections/${seed.northwind.id}`)).staffTenant).toBe(false);

    // Contoso has an employee rule: the API refuses (409) and the page says why
    await page.getByRole('button', { name: 'Unmark staff tenant: Contoso' }).click();
    await page.getByText(/Contoso: .*employee rules/).waitFor();
    await contoso.locator('[data-staff-tenant="true"]').waitFor();

    await page.getByText('Add a connection').click();
    const checkbox = page.getByRole('checkbox', { name: 'Staff tenant', exact: true });
    expect(await checkbox.isChecked()).toBe(false);
    await expectAccessible();
    await page.getByText('Add a connection').click();
  });

  it('mapping rules: Save waits for a preview of exactly what is in the form, then adds the rule (S1.2, S7.4)', async () => {
    await page.getByRole('link', { name: 'Mapping rules: Contoso' }).click();
    await heading('Mapping rules — Contoso').waitFor();
    const rules = page.getByRole('list', { name: 'Rules, highest precedence first' });
    await rules.getByText('Order 1').waitFor();
    const save = page.getByRole('button', { name: 'Save rule' });
    expect(await save.isDisabled()).toBe(true);

    await page.getByLabel('Group object id').fill(seed.customers);
    await page.getByLabel('Order').fill('2');
    await page.getByLabel('Target').selectOption('contact');
    await page.getByLabel('Account').selectOption({ label: 'Fabrikam Ltd' });
    await page.getByLabel('Client-portal access').check();
    await page.getByLabel('Portal role').selectOption('Portal User');
    await expectAccessible();
    await page.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByRole('region', { name: 'Preview' });
    await preview.getByText('Nothing was written.').waitFor();
    expect(await preview.locator('dt:text-is("Created") + dd').textContent()).toBe('1');
    await preview.getByRole('row', { name: new RegExp(seed.alan.email) }).waitFor();
    expect(await save.isDisabled()).toBe(false);
    await shot('rules-preview');

    // a change after the preview needs a new preview
    await page.getByLabel('Order').fill('3');
    expect(await save.isDisabled()).toBe(true);
    await page.getByLabel('Order').fill('2');
    await page.getByRole('button', { name: 'Preview' }).click();
    await preview.getByText('Nothing was written.').waitFor();
    await save.click();
    await page
      .getByRole('status')
      .filter({ hasText: /Rule \d+ saved/ })
      .first()
      .waitFor();
    await rules.getByText(/Order 2.*contact under Fabrikam Ltd — portal access \(Portal User\)/).waitFor();

    const stored = await listRules(server.db, seed.contoso.id);
    expect(stored.map((r) => [r.order, r.target, r.groupId, r.portalAccess])).toEqual([
      [1, 'employee', seed.staff, false],
      [2, 'contact', seed.customers, true],
    ]);
  });

  it('employees: filter by source and status, detail with the audit trail and explain (S6.4)', async () => {
    await nav('Employees');
    await heading('Employees').waitFor();
    const rows = page.locator('tbody tr');
    await page.getByRole('link', { name: 'Ada Lovelace' }).waitFor();
    await page.getByRole('link', { name: 'System Administrator' }).waitFor();
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0); // one page: nothing more
    await expectAccessible();
    await shot('employees');

    await page.getByLabel('Source').selectOption('synced');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/source=synced/);
    await page.getByRole('table', { name: 'Employees (2)' }).waitFor();
    expect(await rows.allTextContents()).toEqual([
      expect.stringContaining('Ada Lovelace'),
      expect.stringContaining('Grace Hopper'),
    ]);
    await page.getByLabel('Source').selectOption('local');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('table', { name: 'Employees (1)' }).waitFor();
    expect(await rows.allTextContents()).toEqual([expect.stringContaining('System Administrator')]);
    await page.getByLabel('Source').selectOption('');
    await page.getByLabel('Status').selectOption('archived');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('Nobody matches these filters.').waitFor();
    await page.getByLabel('E-mail').fill(seed.ada.email.toUpperCase());
    await page.getByLabel('Status').selectOption('');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Ada Lovelace' }).click();

    await heading('Ada Lovelace').waitFor();
    await page.getByText(/synced from Contoso/).waitFor();
    const audit = page.getByRole('table', { name: 'Newest first' });
    await audit.getByRole('rowheader', { name: 'create', exact: true }).first().waitFor();
    await page.getByRole('button', { name: 'Explain access' }).click();
    const winner = page
      .getByRole('table', { name: /Matching rules, in precedence order/ })
      .locator('tr.winner');
    await winner.getByText('1 (wins)').waitFor();
    await winner.locator('code').filter({ hasText: seed.staff }).waitFor();
    await expectAccessible();
    await shot('employee-detail');

    await nav('Contacts');
    await page.getByRole('link', { name: 'Margaret Hamilton' }).waitFor();
  });

  it('queues: depth and lag over time as an inline SVG chart fed by /api/queues/history', async () => {
    await nav('Queues');
    await heading('Queues').waitFor();
    const fullSync = page.locator('tr[data-queue="full-sync"]');
    await fullSync.waitFor();
    // rule writes and the Sync click queued full syncs that no worker takes
    expect(Number(await fullSync.locator('td').first().textContent())).toBeGreaterThan(0);
    const depth = page.getByRole('img', { name: /Queue depth over the last/ });
    await depth.waitFor();
    await page.waitForFunction(
      () =>
        Array.from(document.querySelectorAll('svg.chart polyline[data-series="full-sync"]')).some(
          (line) => (line.getAttribute('points') ?? '').split(' ').length >= 2,
        ),
      undefined,
      { timeout: 20_000 },
    );
    expect(await page.getByRole('img', { name: /Queue lag over the last/ }).count()).toBe(1);
    await expectAccessible();
    await shot('queues');
  });

  it('dead letters: inspect the payload, retry one (it waits in its queue again), discard another (Q2)', async () => {
    const [retried, discarded] = await makeDeadLetters(server, seed.contoso.id, [seed.ada.id, seed.grace.id]);
    await nav('Dead letters');
    await heading('Dead letters').waitFor();
    const item = page.locator(`li[data-dead-letter="${retried}"]`);
    await item.getByText('user-sync · user.changed').waitFor();
    await item
      .getByText(/Invalid object identifier/)
      .first()
      .waitFor();
    const inspect = item.getByRole('button', { name: 'Inspect' });
    await inspect.click();
    expect(await inspect.getAttribute('aria-expanded')).toBe('true');
    await item.locator('pre').filter({ hasText: seed.ada.id }).waitFor();
    await expectAccessible();
    await shot('dead-letters');

    await page.getByRole('button', { name: `Retry ${retried}`, exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'sent back to its queue' }).first().waitFor();
    await item.waitFor({ state: 'detached' });
    const jobId = retried?.split('~')[1] ?? '';
    expect(await server.producer.queue('userSync').getJobState(jobId)).toBe('waiting');

    await page.getByRole('button', { name: `Discard ${discarded}`, exact: true }).click();
    await page.locator(`li[data-dead-letter="${discarded}"]`).waitFor({ state: 'detached' });
    expect(await server.producer.queue('userSync').getJob(discarded?.split('~')[1] ?? '')).toBeUndefined();
  });

  it('confirmations: who would lose access and why; a count that changed meanwhile is refused, then approved (S8)', async () => {
    const wingtip = await heldConnection(server, 'Wingtip');
    await nav('Confirmations');
    await heading('Confirmations').waitFor();
    const [first] = (await server.api('GET', `/api/confirmations?connectionId=${wingtip.id}`)).items;
    const item = page.locator(`li[data-confirmation="${first.id}"]`);
    await item.getByText(/Wingtip — 2 people would lose access \(notification\)/).waitFor();
    for (const email of wingtip.emails.slice(1, 3))
      await item
        .getByRole('row', { name: new RegExp(`${email}.*disabled in the directory.*notification`) })
        .waitFor();
    await expectAccessible();
    await shot('confirmations');

    // three more are held behind the operator's back: the count they saw (2) is refused
    await seedHeldRemovals(server.db, wingtip.id, { synced: 5, disabled: 3 });
    await page.getByRole('button', { name: 'Approve 2 removals of Wingtip' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: /count changed.*5 people, not the 2/ })
      .waitFor();
    expect((await getConfirmation(server.db, first.id))?.status).toBe('pending');

    await page.getByRole('button', { name: 'Approve 5 removals of Wingtip' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'access removed from 5 people of Wingtip' })
      .first()
      .waitFor();
    await item.waitFor({ state: 'detached' });
    expect(await getConfirmation(server.db, first.id)).toMatchObject({
      status: 'approved',
      decidedBy: 'admin-api',
      decidedCount: 5,
    });
  });

  it('employee defaults: saved through the form re-evaluate every connection (S2.3, D19)', async () => {
    await nav('Employee defaults');
    await heading('Employee defaults').waitFor();
    await page.getByLabel('Department').fill('Field Engineering');
    await page.getByLabel('hr', { exact: true }).check();
    await expectAccessible();
    await page.getByRole('button', { name: 'Save defaults' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /Defaults saved; \d+ connection sync/ })
      .first()
      .waitFor();
    expect(await server.api('GET', '/api/employee-defaults')).toMatchObject({
      department: 'Field Engineering',
      modules: ['tickets', 'hr'],
    });
  });

  it('queue internals: bull-board opens with the cookie the sign-in set; sign-out clears token and cookie', async () => {
    const board = await context.newPage();
    await board.goto(`${server.base}/admin/queues/`);
    await board.getByText('user-sync').first().waitFor({ timeout: 20_000 });
    await board
      .getByText(/Loading/)
      .first()
      .waitFor({ state: 'hidden', timeout: 20_000 });
    await board.screenshot({ path: path.join(SCREENSHOTS, 'queue-internals.png') });
    await board.close();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await heading('Sign in').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('entra-sync.admin-token'))).toBeNull();
    expect((await context.cookies()).find((c) => c.name === 'entra_sync_console')).toBeUndefined();
    const refused = await context.request.get(`${server.base}/admin/queues/`);
    expect(refused.status()).toBe(401);
  });

  async function runIds(connectionId: string): Promise<string[]> {
    const rows = await server.db
      .selectFrom('sync_runs')
      .select('id')
      .where('connection_id', '=', connectionId)
      .execute();
    return rows.map((r) => r.id);
  }
});
