import { spawnWorker, type ChildWorker } from './support/child-worker';
import { startFleet, type Fleet } from './support/fleet';
import { auditOf, contactOf, recordsOf } from './support/records';
import { settle } from './support/settle';
import { waitFor } from './support/wait';

// Workers as real processes: one is killed with SIGKILL in the middle of a job, another one finishes it.
const LOCK_MS = 2000;
let fleet: Fleet;
const children: ChildWorker[] = [];
beforeAll(async () => {
  fleet = await startFleet({ name: 'worker-crash', worker: false, lockMs: LOCK_MS });
}, 60_000);
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await Promise.all(children.map((child) => child.exited));
  await fleet?.close();
});

async function worker(): Promise<ChildWorker> {
  const child = spawnWorker(fleet);
  children.push(child);
  await child.started;
  return child;
}

describe('a worker process killed mid-job', () => {
  it('S4.4 S4.5 the job of a SIGKILLed worker is picked up by another worker and the end state is exact', async () => {
    const first = await worker();
    const tenant = await fleet.connect();
    const group = tenant.group('Customers');
    await tenant.rule(group, { target: 'contact' });
    const user = tenant.user('kim.killed');
    tenant.directory.addMember(group, user.id);
    const synced = await fleet.latency.measure(
      'create (child worker)',
      Date.now(),
      () => contactOf(fleet.db, user.id),
      Boolean,
    );
    await settle(fleet);

    // Graph answers slowly, so the job is still reading when its worker dies.
    fleet.emulator.faults.configure({ latencyMs: 1500, tenantId: tenant.tenant.id });
    const since = Date.now();
    tenant.directory.updateUser(user.id, { jobTitle: 'After the crash' });
    const queue = fleet.producer.queue('userSync');
    const job = await waitFor(
      async () => (await queue.getJobs(['active'])).find((j) => j.data.objectId === user.id),
      Boolean,
      { what: 'user job active on the first worker' },
    );
    first.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    expect((await contactOf(fleet.db, user.id))?.jobTitle).toBe('Engineer');
    fleet.emulator.faults.configure(null);

    const second = await worker();
    await fleet.latency.measure(
      'change across a SIGKILL',
      since,
      () => contactOf(fleet.db, user.id),
      (c) => c?.jobTitle === 'After the crash',
      LOCK_MS * 10,
    );
    const finished = await waitFor(
      () => queue.getJob(job!.id ?? ''),
      (j) => j?.finishedOn !== undefined,
      { what: 'the killed job finished' },
    );
    expect(await finished!.getState()).toBe('completed');
    expect(finished!.stalledCounter).toBeGreaterThanOrEqual(1);
    expect(finished!.attemptsStarted).toBeGreaterThanOrEqual(2);
    expect(finished!.returnvalue).toMatchObject({ outcome: 'changed', recordId: synced!.id });
    await settle(fleet);

    expect(await recordsOf(fleet.db, user.id)).toHaveLength(1);
    const updates = (await auditOf(fleet.db, user.id)).filter((e) => e.action === 'update');
    expect(updates.map((e) => e.after)).toEqual([{ jobTitle: 'After the crash' }]);

    second.kill('SIGTERM'); // STYLE habit 14: a clean stop exits 0
    expect(await second.exited).toBe(0);
  }, 60_000);
});
