import { getDeltaLink } from '@entra-sync/db';
import { startStack, type Stack } from './support/stack';

// `sync` against a real worker: an in-process worker runtime (apps/worker/src/runtime.ts) on the stack's
// database and queue prefix, started by the first test once the CLI has shown the run waiting for it.

describe('entra-sync sync: progress, completion and the S8 safety stop', () => {
  let stack: Stack;
  let staff: string;
  let connectionId: string;
  let dir: ReturnType<Stack['directory']>;
  const people: { id: string; email: string }[] = [];
  beforeAll(async () => {
    stack = await startStack('sync');
    await stack.defaults();
    const connection = await stack.connection('Contoso');
    connectionId = connection.id;
    dir = stack.directory(connection.tenant);
    staff = dir.group('Staff');
    for (let i = 0; i < 40; i += 1) people.push(dir.person(`user${i}`, [staff]));
    await stack.api('POST', `/api/connections/${connection.id}/rules`, {
      groupId: staff,
      order: 1,
      target: 'employee',
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  /**
   * The worker's first delta round sets the baseline and runs a full sync of its own; after it nothing syncs
   * (delta every hour) until the test asks, so the next run's counts are exactly what the test changed.
   */
  async function baselineDone(id: string) {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const links = await Promise.all(['users', 'groups'].map((r) => getDeltaLink(stack.db, id, r)));
      const busy = await stack.db
        .selectFrom('sync_runs')
        .select('id')
        .where('connection_id', '=', id)
        .where('status', 'in', ['queued', 'running'])
        .execute();
      const users = await stack.producer.queue('userSync').getJobCounts('wait', 'active', 'delayed');
      if (
        links.every(Boolean) &&
        busy.length === 0 &&
        (users.wait ?? 0) + (users.active ?? 0) + (users.delayed ?? 0) === 0
      )
        return;
      if (Date.now() > deadline) throw new Error('the worker did not finish its first delta round');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  const syncedEmployees = async () =>
    (await stack.db.selectFrom('links').select('record_id').where('in_scope', '=', true).execute()).length;

  it('Ctrl-C stops following (exit 130); the run stays queued on the server', async () => {
    const run = stack.start(['sync', 'Contoso', '--interval', '0.2', '--json']);
    await run.waitFor('queued, waiting for a worker');
    run.kill('SIGINT');
    const res = await run.done;
    expect(res.code).toBe(130);
    expect(res.stdout).toBe('');
    const runId = /\nentra-sync: stopped following sync run ([0-9a-f-]{36}); it continues on the server/.exec(
      res.stderr,
    )?.[1];
    expect(runId).toBeDefined();
    expect((await stack.api('GET', `/api/sync-runs/${runId}`)).status).toBe('queued');
  });

  it('S8 shows the run queued until a worker takes it, then completes (plain progress lines off a terminal)', async () => {
    const run = stack.start(['sync', 'Contoso', '--interval', '0.2']);
    await run.waitFor('sync Contoso: queued, waiting for a worker\n');
    expect(run.stdout()).toBe('');
    await stack.startWorker();
    const res = await run.done;
    expect(res.code).toBe(0);
    const lines = res.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('sync Contoso: queued, waiting for a worker');
    // the rule's own sync (A4) ran first and created the employees; this reconcile finds them unchanged (D1)
    expect(lines.at(-1)).toBe('sync Contoso: succeeded, 40 users: 40 unchanged');
    expect(lines.every((line) => line.startsWith('sync Contoso: '))).toBe(true);
    expect(res.stdout).toMatch(
      /^Sync run [0-9a-f-]{36} of Contoso succeeded in [\d.]+ s: 40 users, 40 unchanged\.\n$/,
    );
    expect(await syncedEmployees()).toBe(40);
    await baselineDone(connectionId);
  });

  it('S8 draws a progress bar on a terminal and reports what the run did', async () => {
    for (let i = 40; i < 50; i += 1) people.push(dir.person(`user${i}`, [staff]));
    const run = stack.start(['sync', 'contoso', '--interval', '0.2'], { tty: true });
    const res = await run.done;
    expect(res.code).toBe(0);
    // one line redrawn in place (cli-progress): cursor to column 1, the line, erase the rest
    expect(res.stdout.replaceAll('\x1b', '⎋')).toMatch(/⎋\[1G\[[█░]{24}\] [^\n]*⎋\[0K/);
    expect(res.stdout).toMatch(
      /\[█{24}\] 100% 50\/50 users · 10 created, 10 access changed, 40 unchanged · [\d.]+ s/,
    );
    expect(res.stdout).toMatch(
      /Sync run [0-9a-f-]{36} of Contoso succeeded in [\d.]+ s: 50 users, 10 created, 10 access changed, 40 unchanged\./,
    );
    expect(await syncedEmployees()).toBe(50);
  });

  it('S8 exit 1 when the run stops for confirmation, saying how to confirm; --confirm-deactivations proceeds', async () => {
    for (const person of people.slice(0, 20)) dir.directory.removeMember(staff, person.id);
    const stopped = await stack.cli(['sync', 'Contoso', '--interval', '0.2', '--json']);
    expect(stopped.code).toBe(1);
    expect(JSON.parse(stopped.stdout)).toMatchObject({
      status: 'awaiting_confirmation',
      counts: { removals: 20, synced: 50 },
    });
    expect(stopped.stderr).toMatch(
      /\nentra-sync: S8 safety stop: this sync would remove access from 20 of 50 synced users \(40 %, limit 20 %\)\. Nothing was written; confirm the run to proceed\. To proceed: entra-sync sync Contoso --confirm-deactivations\n$/,
    );
    expect(await syncedEmployees()).toBe(50);

    const confirmed = await stack.cli(['sync', 'Contoso', '--confirm-deactivations', '--interval', '0.2']);
    expect(confirmed.code).toBe(0);
    expect(confirmed.stdout).toMatch(/succeeded in [\d.]+ s: 50 users, 20 access changed, 30 unchanged\.\n$/);
    expect(await syncedEmployees()).toBe(30);
  });

  it('exit 1 when the run fails (its group was deleted in the tenant), with the reason', async () => {
    const doomed = await stack.connection('Doomed');
    const doomedDir = stack.directory(doomed.tenant);
    const group = doomedDir.group('Gone soon');
    await stack.api('POST', `/api/connections/${doomed.id}/rules`, {
      groupId: group,
      order: 1,
      target: 'employee',
    });
    doomedDir.directory.deleteGroup(group);
    const res = await stack.cli(['sync', 'Doomed', '--interval', '0.2']);
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toMatch(/\nentra-sync: sync run [0-9a-f-]{36} failed: Graph 404 .*\n$/);
  });

  it('--detach prints the run id and leaves it to the workers; a disabled connection is refused (exit 1)', async () => {
    const detached = await stack.cli(['sync', 'Contoso', '--detach', '--json']);
    expect(detached.code).toBe(0);
    const { runId } = JSON.parse(detached.stdout);
    expect((await stack.api('GET', `/api/sync-runs/${runId}`)).id).toBe(runId);
    const off = await stack.connection('Switched off');
    await stack.api('PATCH', `/api/connections/${off.id}`, { status: 'disabled' });
    const refused = await stack.cli(['sync', 'Switched off']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      'entra-sync: The connection is disabled: enable it (PATCH status connected) first.\n',
    );
  });
});
