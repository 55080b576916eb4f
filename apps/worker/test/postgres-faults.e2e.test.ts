import type { Job } from 'bullmq';
import { sql } from 'kysely';
import { getConnection, listContacts } from '@entra-sync/db';
import { PrivatePostgres } from '@entra-sync/test-infra';
import { startFleet, type Fleet } from './support/fleet';
import { privateDatabase } from './support/private-database';
import { deadLetters, linkOf } from './support/records';
import type { TestConnection } from './support/tenant';
import { waitFor } from './support/wait';

// F1: Postgres failing under the worker (down, restarted, killed mid-commit, hung) costs time, never work: no
// dead letter, the Entra connection is not blamed, records converge. Each test runs on a private cluster.
const STATEMENT_TIMEOUT_MS = 1000;
let cluster: PrivatePostgres;
let fleet: Fleet;
let tenant: TestConnection;
let group: string;
beforeAll(async () => {
  cluster = await PrivatePostgres.start();
  fleet = await startFleet({
    name: 'postgres-faults',
    database: () => privateDatabase(cluster),
    workerEnv: { DB_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS), DB_LOCK_TIMEOUT_MS: '500' },
  });
  tenant = await fleet.connect();
  group = tenant.group('Customers');
  await tenant.rule(group, { target: 'contact' });
}, 90_000);
afterAll(async () => {
  await fleet?.close();
  await cluster?.destroy(); // also when the fleet did not start
});

const users = (prefix: string, count: number) =>
  Array.from({ length: count }, (_, i) => {
    const user = tenant.user(`${prefix}${i}.faults`);
    tenant.directory.addMember(group, user.id);
    return user;
  });

/** user.changed jobs straight onto the queue: the receiver needs Postgres too, and this test is the worker's */
const changed = (objectIds: readonly string[]) =>
  Promise.all(
    objectIds.map((objectId) =>
      fleet.producer.add('userSync', 'user.changed', {
        connectionId: tenant.id,
        objectId,
        trigger: 'change',
        source: 'notification',
        receivedAt: Date.now(),
      }),
    ),
  );

/** Job states from Redis alone (Postgres may be down or frozen while this is read). */
const statesOf = (jobs: readonly Job[]) =>
  Promise.all(
    jobs.map(async (job) => {
      const now = await fleet.producer.queue('userSync').getJob(job.id as string);
      return {
        state: await now?.getState(),
        attemptsMade: now?.attemptsMade ?? 0,
        reason: now?.failedReason,
      };
    }),
  );

async function converged(ids: readonly string[], jobTitle: string) {
  await waitFor(
    async () =>
      (await listContacts(fleet.db, { accountId: tenant.accountId })).filter((c) => c.jobTitle === jobTitle),
    (contacts) => contacts.length === ids.length,
    { what: `${ids.length} contacts titled ${jobTitle}`, timeoutMs: 60_000, intervalMs: 100 },
  );
  for (const id of ids) expect((await linkOf(fleet.db, tenant.id, id))?.recordId).toBeTruthy();
  const connection = await getConnection(fleet.db, tenant.id);
  expect(connection).toMatchObject({ status: 'connected', lastError: null });
  expect(await deadLetters(fleet.producer)).toEqual([]);
}

describe('Postgres faults under the worker', () => {
  it('F1 user jobs and a delta pass during an outage wait for Postgres: no dead letter, the connection stays connected, records converge', async () => {
    const people = users('outage', 5);
    await converged(
      people.map((u) => u.id),
      'Engineer',
    );
    await cluster.shutdown('fast');
    for (const user of people) tenant.directory.updateUser(user.id, { jobTitle: 'After the outage' });
    const jobs = await changed(people.map((u) => u.id));
    // a repeatable tick has one attempt: with the old classification it went straight to the dead letters
    const delta = await fleet.producer.add('delta', 'delta.run', { connectionId: tenant.id });
    await waitFor(
      () => statesOf(jobs),
      (states) => states.every((s) => s.attemptsMade >= 1 || s.state === 'delayed'),
      { what: 'every job failed once on the refused connection', timeoutMs: 30_000 },
    );
    await waitFor(
      async () => (await fleet.producer.queue('delta').getJob(delta.id as string))?.getState(),
      (state) => state === 'delayed',
      { what: 'the delta tick waiting for Postgres instead of failing', timeoutMs: 30_000 },
    );
    await cluster.boot();
    await converged(
      people.map((u) => u.id),
      'After the outage',
    );
  }, 120_000);

  it('F1 a cluster killed mid-apply (SIGKILL, COMMIT cut short) leaves no partial apply; the jobs retry and converge', async () => {
    const people = users('killed', 40);
    await converged(
      people.map((u) => u.id),
      'Engineer',
    );
    for (const user of people) tenant.directory.updateUser(user.id, { jobTitle: 'Survived a crash' });
    const jobs = await changed(people.map((u) => u.id));
    // kill the cluster while a worker session is inside an apply transaction
    await waitFor(
      () =>
        cluster.query<{ n: string }>(
          `select count(*) as n from pg_stat_activity
            where application_name = 'entra-sync-worker' and state in ('active', 'idle in transaction')
              and xact_start is not null and backend_xid is not null`,
          [],
          'entra_sync',
        ),
      (rows) => Number(rows[0]?.n) > 0,
      { what: 'a worker inside a writing transaction', intervalMs: 1 },
    );
    await cluster.restart('kill');
    const states = await statesOf(jobs);
    expect(states.length).toBe(40);
    await converged(
      people.map((u) => u.id),
      'Survived a crash',
    );
    // one record and one link per directory user: no half-written batch and no duplicate from its retry
    const { rows } = await sql<{ records: string; links: string }>`
      select (select count(*) from contacts where account_id = ${tenant.accountId}) as records,
             (select count(*) from links where connection_id = ${tenant.id}) as links`.execute(fleet.db);
    expect(Number(rows[0]?.records)).toBe(Number(rows[0]?.links));
  }, 120_000);

  it('F1 a hung (frozen) Postgres fails the job with a timeout within the configured bounds, and it recovers after the thaw', async () => {
    const people = users('frozen', 3);
    await converged(
      people.map((u) => u.id),
      'Engineer',
    );
    for (const user of people) tenant.directory.updateUser(user.id, { jobTitle: 'Thawed' });
    cluster.freeze();
    let reasons: (string | undefined)[];
    try {
      const jobs = await changed(people.map((u) => u.id));
      const states = await waitFor(
        () => statesOf(jobs),
        (s) => s.every((job) => job.attemptsMade >= 1),
        { what: 'every job failed on the hung server', timeoutMs: 30_000 },
      );
      reasons = states.map((s) => s.reason);
    } finally {
      cluster.thaw();
    }
    for (const reason of reasons)
      expect(reason).toMatch(/Query read timeout|timeout exceeded when trying to connect|connection timeout/);
    await converged(
      people.map((u) => u.id),
      'Thawed',
    );
  }, 120_000);
});
