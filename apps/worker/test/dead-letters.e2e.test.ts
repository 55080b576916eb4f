import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Job } from 'bullmq';
import { getConnection, getSubscriptionFor } from '@entra-sync/db';
import { catalog, deadLetterId, retryDeadLetter } from '@entra-sync/queues';
import { startFleet, type Fleet } from './support/fleet';
import { contactOf, deadLetters } from './support/records';
import { waitFor } from './support/wait';

// Poison jobs (Q2): they land in the dead letters with their reason, and complete once retried after the fix.
let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet({ name: 'dead-letters' });
}, 60_000);
afterAll(async () => fleet?.close());
afterEach(() => fleet?.resetFaults());

const stateOf = (job: Job) =>
  waitFor(
    () => job.getState(),
    (s) => s === 'completed' || s === 'failed',
  );

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('dead letters', () => {
  it('Q2 a job with an invalid payload is dead-lettered at once with its reason, and completes when corrected and retried', async () => {
    const tenant = await fleet.connect();
    const group = tenant.group('Customers');
    await tenant.rule(group, { target: 'contact' });
    fleet.emulator.state.dropNotifications = true; // the poison job is the only signal for this user
    const user = tenant.user('paula.poison');
    tenant.directory.addMember(group, user.id);

    // e.g. an older producer that knew another trigger name; added straight to the queue, past validation
    const queue = fleet.producer.queue('userSync');
    const poison = { connectionId: tenant.id, objectId: user.id, trigger: 'changed', source: 'notification' };
    const job = await queue.add(
      'user.changed',
      { ...poison, receivedAt: Date.now() },
      catalog.userSync.jobs['user.changed'].options,
    );
    expect(await stateOf(job)).toBe('failed');
    const id = deadLetterId('user-sync', job.id ?? '');
    const [letter] = (await deadLetters(fleet.producer, 'userSync')).filter((d) => d.id === id);
    expect(letter).toMatchObject({ name: 'user.changed', data: poison, attemptsMade: 1 });
    expect(letter?.failedReason).toMatch(/^invalid payload for user\.changed: .*trigger/s);
    expect(await contactOf(fleet.db, user.id)).toBeNull();

    const since = Date.now();
    await job.updateData({ ...job.data, trigger: 'change' });
    expect(await retryDeadLetter(fleet.producer, id)).toBe('done');
    await fleet.latency.measure('dead letter retried', since, () => contactOf(fleet.db, user.id), Boolean);
    expect(await stateOf(job)).toBe('completed');
    expect(await deadLetters(fleet.producer)).toEqual([]);
  });

  it('G1 Q2 a subscription Graph refuses (handshake failed: permanent 400) is a dead letter; retried after PUBLIC_URL is fixed, it completes', async () => {
    await fleet.stopWorker(fleet.runtime!);
    const misconfigured = await fleet.startWorker({ PUBLIC_URL: `http://127.0.0.1:${await closedPort()}` });
    const tenant = await fleet.connect({ waitForBaseline: false });
    const letter = await waitFor(
      () => deadLetters(fleet.producer, 'subscriptions'),
      (letters) => letters.length > 0,
      { what: 'subscription dead letter' },
    ).then((letters) => letters[0]);
    expect(letter).toMatchObject({ name: 'subscriptions.ensure', data: { connectionId: tenant.id } });
    expect(letter?.failedReason).toMatch(/Graph 400 ValidationError: Subscription validation request failed/);
    expect((await getConnection(fleet.db, tenant.id))?.status).toBe('connected'); // not an auth problem
    expect(await getSubscriptionFor(fleet.db, fleet.box, tenant.id, 'users')).toBeNull();

    await fleet.stopWorker(misconfigured);
    await fleet.startWorker(); // redeployed with the right PUBLIC_URL
    expect(await retryDeadLetter(fleet.producer, letter!.id)).toBe('done');
    await waitFor(
      async () => [
        await getSubscriptionFor(fleet.db, fleet.box, tenant.id, 'users'),
        await getSubscriptionFor(fleet.db, fleet.box, tenant.id, 'groups'),
      ],
      (subs) => subs.every(Boolean),
      { what: 'subscriptions created' },
    );
    expect(await deadLetters(fleet.producer)).toEqual([]);

    // notifications flow again: a new member arrives through the receiver
    const group = tenant.group('Customers');
    await tenant.rule(group, { target: 'contact' });
    const since = Date.now();
    const user = tenant.user('nina.notified');
    tenant.directory.addMember(group, user.id);
    await fleet.latency.measure('after fix', since, () => contactOf(fleet.db, user.id), Boolean);
    const delivered = fleet.emulator.state.deliveries.filter(
      (d) => d.status === 202 && d.notifications.some((n) => n.resourceId === user.id),
    );
    expect(delivered.length).toBeGreaterThan(0);
  });
});
