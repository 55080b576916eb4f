import { getDeltaLink } from '@entra-sync/db';
import { seedHeldRemovals } from '@entra-sync/db/testing';
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

  it('S8 exit 1 when the run holds removals for confirmation; confirm list shows them, approve names the count', async () => {
    for (const person of people.slice(0, 20)) dir.directory.removeMember(staff, person.id);
    const stopped = await stack.cli(['sync', 'Contoso', '--interval', '0.2', '--json']);
    expect(stopped.code).toBe(1);
    expect(JSON.parse(stopped.stdout)).toMatchObject({
      status: 'awaiting_confirmation',
      counts: { held: 20, total: 50 },
    });
    expect(stopped.stderr).toMatch(
      /\nentra-sync: S8 safety stop: this sync would remove access from 20 of 50 synced users within the window \(40 %, limit 20 %\)\. Everything else was applied; the 20 removals wait in confirmation [0-9a-f-]{36}\. Review them: entra-sync confirm list Contoso\n$/,
    );
    expect(await syncedEmployees()).toBe(50);

    const list = await stack.cli(['confirm', 'list', 'Contoso']);
    expect(list.code).toBe(0);
    const id =
      /^([0-9a-f-]{36}) {2}Contoso: 20 people would lose access \(full-sync, run [0-9a-f-]{36}; pending/.exec(
        list.stdout,
      )?.[1];
    expect(id).toBeDefined();
    expect(list.stdout).toMatch(/PERSON +E-MAIL +WHY +FOUND BY\n/);
    expect(list.stdout.match(/no rule matches +full-sync/g)).toHaveLength(20);
    expect(list.stdout).toContain(`approve: entra-sync confirm approve ${id} --count 20`);

    const stale = await stack.cli(['confirm', 'approve', id ?? '', '--count', '19']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/^entra-sync: The count changed: .* holds 20 people, not the 19 you saw/);
    expect(await syncedEmployees()).toBe(50);
    expect((await stack.cli(['confirm', 'approve', id ?? ''])).code).toBe(2); // --count is required

    const approved = await stack.cli(['confirm', 'approve', id ?? '', '--count', '20']);
    expect(approved.code).toBe(0);
    expect(approved.stdout).toBe(`Approved ${id}: access removed from 20 people of Contoso.\n`);
    expect(await syncedEmployees()).toBe(30);
    expect((await stack.cli(['confirm', 'list'])).stdout).toBe('No pending confirmations.\n');
  });

  it('S8 confirm reject keeps access; --json lists what was decided', async () => {
    const other = await stack.connection('Rejecting');
    await seedHeldRemovals(stack.db, other.id, { synced: 5, disabled: 3 });
    const [pending] = JSON.parse((await stack.cli(['confirm', 'list', 'Rejecting', '--json'])).stdout);
    expect(pending).toMatchObject({ connectionName: 'Rejecting', count: 2, status: 'pending' });
    const rejected = await stack.cli(['confirm', 'reject', pending.id, '--count', '2']);
    expect(rejected.code).toBe(0);
    expect(rejected.stdout).toBe(`Rejected ${pending.id}: 2 people of Rejecting keep their access.\n`);
    const decided = JSON.parse(
      (await stack.cli(['confirm', 'list', '--status', 'rejected', '--json'])).stdout,
    );
    expect(decided).toEqual([
      expect.objectContaining({ id: pending.id, decidedBy: 'admin-api', decidedCount: 2 }),
    ]);
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
