import { PrivateRedis } from '@entra-sync/test-infra';
import type { QueueKey } from '@entra-sync/queues';
import { spawnWorker, type ChildWorker } from './support/child-worker';
import { startFleet, type Fleet } from './support/fleet';
import { contactOf } from './support/records';
import { settle } from './support/settle';
import type { TestConnection } from './support/tenant';
import { waitFor } from './support/wait';

// F14 on a private Redis (STYLE habit 19), with a real worker process that is never restarted. Acknowledged
// notifications wait in Redis while the worker is stopped (SIGSTOP: busy, hung, or scaled to zero); then Redis is
// killed. With AOF the jobs come back; without it they are gone, and only the schedules — re-registered by the
// running worker when Redis returns — bring the delta backstop that finds the changes again.
const USERS = 5;

interface Stage {
  redis: PrivateRedis;
  fleet: Fleet;
  worker: ChildWorker;
  tenant: TestConnection;
  group: string;
  users: { id: string }[];
  exited: () => boolean;
}

async function stage(name: string, aof: boolean, deltaIntervalSeconds: number): Promise<Stage> {
  const redis = await PrivateRedis.start({ aof });
  const fleet = await startFleet({ name, worker: false, redisUrl: redis.url, deltaIntervalSeconds });
  const worker = spawnWorker(fleet);
  let exited = false;
  void worker.exited.then(() => (exited = true));
  await worker.started;
  const tenant = await fleet.connect();
  const group = tenant.group('Customers');
  await tenant.rule(group, { target: 'contact' });
  const users = Array.from({ length: USERS }, (_, i) => tenant.user(`rita.restart${i}`));
  for (const user of users) tenant.directory.addMember(group, user.id);
  await waitFor(
    () => Promise.all(users.map((u) => contactOf(fleet.db, u.id))),
    (contacts) => contacts.every(Boolean),
    { what: 'contacts created', timeoutMs: 30_000 },
  );
  await settle(fleet, 30_000);
  return { redis, fleet, worker, tenant, group, users, exited: () => exited };
}

async function teardown(s: Partial<Stage>): Promise<void> {
  s.worker?.kill('SIGCONT');
  s.worker?.kill('SIGKILL');
  await s.worker?.exited;
  await s.fleet?.close();
  await s.redis?.destroy();
}

/** The stopped worker cannot take them: the receiver's 202s put one user job per change in Redis. */
async function changeWhileWorkerStopped(s: Stage, jobTitle: string): Promise<string[]> {
  s.worker.kill('SIGSTOP');
  for (const user of s.users) s.tenant.directory.updateUser(user.id, { jobTitle });
  const ids = new Set(s.users.map((u) => u.id));
  const waiting = await waitFor(
    async () =>
      (await s.fleet.producer.queue('userSync').getJobs(['wait', 'prioritized'])).filter((job) =>
        ids.has(job.data.objectId),
      ),
    (jobs) => jobs.length === USERS,
    { what: 'every change acknowledged and queued' },
  );
  return waiting.map((job) => job.id ?? '').sort();
}

/** The fleet's own connection fails fast; reads wait until it is back. */
const afterReconnect = <T>(read: () => Promise<T>) => read().catch(() => undefined);

const schedulerIds = async (s: Stage, key: QueueKey) => [...(await s.fleet.producer.schedulers(key)).keys()];

async function allTitled(s: Stage, jobTitle: string, timeoutMs: number): Promise<void> {
  await waitFor(
    () => Promise.all(s.users.map((u) => contactOf(s.fleet.db, u.id))),
    (contacts) => contacts.every((c) => c?.jobTitle === jobTitle),
    { what: `every contact titled ${jobTitle}`, timeoutMs },
  );
}

/** After the restart a new change still flows: Graph → receiver (202) → the same worker → record. */
async function newChangeFlows(s: Stage): Promise<void> {
  const user = s.users[0]!;
  const accepted = () =>
    s.fleet.emulator.state.deliveries.filter(
      (d) => d.status === 202 && d.notifications.some((n) => n.resourceId === user.id),
    ).length;
  const before = accepted();
  s.tenant.directory.updateUser(user.id, { jobTitle: 'After the restart' });
  await waitFor(
    () => contactOf(s.fleet.db, user.id),
    (c) => c?.jobTitle === 'After the restart',
    { what: 'a change after the restart applied', timeoutMs: 20_000 },
  );
  expect(accepted()).toBeGreaterThan(before);
}

describe('a worker across a Redis restart with AOF', () => {
  const s: Partial<Stage> = {};
  beforeAll(async () => {
    // a delta round a minute away: what gets applied after the restart can only come from the kept jobs
    Object.assign(s, await stage('redis-aof', true, 60));
  }, 90_000);
  afterAll(() => teardown(s));

  it('S4.1 F14 no acknowledged job is lost to a SIGKILL, and the same worker process takes them and new ones', async () => {
    const stage = s as Stage;
    const queued = await changeWhileWorkerStopped(stage, 'Kept by the AOF');
    await stage.redis.restart('SIGKILL');
    const kept = await waitFor(
      () =>
        afterReconnect(async () =>
          (await stage.fleet.producer.queue('userSync').getJobs(['wait', 'prioritized']))
            .map((job) => job.id ?? '')
            .sort(),
        ),
      (ids) => ids !== undefined,
      { what: 'the restarted Redis answers' },
    );
    expect(kept).toEqual(queued);

    stage.worker.kill('SIGCONT');
    await allTitled(stage, 'Kept by the AOF', 30_000);
    await newChangeFlows(stage);
    expect(stage.exited()).toBe(false);
    expect(stage.worker.lines.filter((l) => l.includes('"msg":"worker started"'))).toHaveLength(1);
  }, 90_000);
});

describe('a worker across a Redis restart without AOF', () => {
  const s: Partial<Stage> = {};
  beforeAll(async () => {
    Object.assign(s, await stage('redis-no-aof', false, 2));
  }, 90_000);
  afterAll(() => teardown(s));

  it('S4.1 F14 the lost jobs are recovered by the delta backstop, whose schedules the running worker registers again', async () => {
    const stage = s as Stage;
    const connectionId = stage.tenant.id;
    const wanted = async () => ({
      delta: await schedulerIds(stage, 'delta'),
      reconnect: await schedulerIds(stage, 'connectionHealth'),
      subscriptions: await schedulerIds(stage, 'subscriptions'),
    });
    const scheduled = (ids: Awaited<ReturnType<typeof wanted>> | undefined) =>
      ids !== undefined && Object.values(ids).every((list) => list.some((id) => id.includes(connectionId)));
    expect(scheduled(await wanted())).toBe(true);

    await changeWhileWorkerStopped(stage, 'Found again by delta');
    await stage.redis.restart('SIGKILL');
    const lost = await waitFor(
      () => afterReconnect(wanted),
      (ids) => ids !== undefined,
      { what: 'the restarted Redis answers' },
    );
    // Redis came back empty: no job, no schedule — nothing would ever run the backstop again
    expect(lost).toEqual({ delta: [], reconnect: [], subscriptions: [] });
    expect(await stage.fleet.producer.queue('userSync').count()).toBe(0);

    stage.worker.kill('SIGCONT');
    await waitFor(() => afterReconnect(wanted), scheduled, {
      what: 'schedules registered again by the running worker',
      timeoutMs: 20_000,
    });
    await allTitled(stage, 'Found again by delta', 30_000);
    expect(
      stage.worker.lines.some((l) => l.includes('redis reachable again: checking the job schedules')),
    ).toBe(true);
    await newChangeFlows(stage);
    expect(stage.exited()).toBe(false);
    expect(stage.worker.lines.filter((l) => l.includes('"msg":"worker started"'))).toHaveLength(1);
  }, 90_000);
});
