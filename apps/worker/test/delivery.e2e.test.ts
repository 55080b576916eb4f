import { createSyncRun, getSubscriptionFor } from '@entra-sync/db';
import { startFleet, type Fleet } from './support/fleet';
import { auditOf, contactOf, recordsByEmail, recordsOf } from './support/records';
import { settle } from './support/settle';
import type { TestConnection } from './support/tenant';

// Duplicate and out-of-order delivery (S4.4, S4.5): the receiver and the queue collapse, the apply step orders.
let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet({ name: 'delivery' });
}, 60_000);
afterAll(async () => fleet?.close());
afterEach(() => {
  fleet.emulator.state.dropNotifications = false;
  fleet.emulator.faults.configure(null);
});

/** The users notification Graph would send for this user, POSTed to the receiver `times` times at once. */
async function deliver(tenant: TestConnection, objectId: string, times: number): Promise<number[]> {
  const sub = await getSubscriptionFor(fleet.db, fleet.box, tenant.id, 'users');
  if (!sub) throw new Error('no users subscription');
  const body = JSON.stringify({
    value: [
      {
        subscriptionId: sub.subscriptionId,
        subscriptionExpirationDateTime: sub.expiresAt.toISOString(),
        changeType: 'updated',
        resource: `Users/${objectId}`,
        resourceData: {
          '@odata.type': '#Microsoft.Graph.User',
          '@odata.id': `Users/${objectId}`,
          id: objectId,
          organizationId: tenant.tenant.id,
        },
        clientState: sub.clientState,
        tenantId: tenant.tenant.id,
      },
    ],
  });
  const post = () =>
    fetch(`${fleet.receiverUrl}/graph/notifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    }).then((res) => res.status);
  return Promise.all(Array.from({ length: times }, post));
}

async function userJobs(objectId: string): Promise<number> {
  const jobs = await fleet.producer.queue('userSync').getJobs(['completed', 'active', 'wait', 'delayed']);
  return jobs.filter((job) => (job?.data as { objectId?: string } | undefined)?.objectId === objectId).length;
}

const actions = async (objectId: string, action: string) =>
  (await auditOf(fleet.db, objectId)).filter((entry) => entry.action === action);

describe('duplicate and out-of-order delivery', () => {
  it('S4.4 the same notification delivered 20 times has the effect of delivering it once', async () => {
    const tenant = await fleet.connect();
    const group = tenant.group('Customers');
    await tenant.rule(group, { target: 'contact' });
    fleet.emulator.state.dropNotifications = true; // only the deliveries below reach the receiver
    const user = tenant.user('dora.dup');
    tenant.directory.addMember(group, user.id);

    let since = Date.now();
    expect(await deliver(tenant, user.id, 20)).toEqual(Array(20).fill(202));
    await fleet.latency.measure('create (20 deliveries)', since, () => contactOf(fleet.db, user.id), Boolean);
    await settle(fleet);
    expect(await userJobs(user.id)).toBeLessThanOrEqual(2); // Q1: the burst collapsed into one pending job

    since = Date.now();
    tenant.directory.updateUser(user.id, { jobTitle: 'Lead' });
    expect(await deliver(tenant, user.id, 20)).toEqual(Array(20).fill(202));
    await fleet.latency.measure(
      'update (20 deliveries)',
      since,
      () => contactOf(fleet.db, user.id),
      (c) => c?.jobTitle === 'Lead',
    );
    await settle(fleet);
    expect(await recordsByEmail(fleet.db, user.mail ?? '')).toHaveLength(1);
    expect(await actions(user.id, 'create')).toHaveLength(1);
    expect(await actions(user.id, 'update')).toHaveLength(1);
    expect(await userJobs(user.id)).toBeLessThanOrEqual(4);
  });

  it('S4.5 an older state never overwrites a newer one, whatever order jobs arrive or workers run in', async () => {
    const tenant = await fleet.connect();
    const group = tenant.group('Customers');
    await tenant.rule(group, { target: 'contact' });
    const user = tenant.user('otto.order', { jobTitle: 'v0' });
    tenant.directory.addMember(group, user.id);
    await fleet.latency.measure('create', Date.now(), () => contactOf(fleet.db, user.id), Boolean);
    await settle(fleet);

    // A second worker competes for the jobs; Graph answers slowly, so reads and applies interleave.
    await fleet.startWorker();
    fleet.emulator.faults.configure({ latencyMs: 40, tenantId: tenant.tenant.id });
    const stale = Date.now() - 60_000;
    const versions = 8;
    let lastChange = 0;
    for (let v = 1; v <= versions; v += 1) {
      tenant.directory.updateUser(user.id, { jobTitle: `v${v}` });
      lastChange = Date.now();
      // a delta hit for an older state arrives after the notification for this one
      await fleet.producer.userChanged({
        connectionId: tenant.id,
        objectId: user.id,
        trigger: 'change',
        source: 'delta',
        receivedAt: stale,
      });
      if (v % 3 === 1) {
        const run = await createSyncRun(fleet.db, tenant.id);
        await fleet.producer.add('fullSync', 'sync.run', { connectionId: tenant.id, runId: run.id });
      }
      await new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 60)); // jitter, not a wait
    }
    await fleet.latency.measure(
      'newest of 8 states',
      lastChange,
      () => contactOf(fleet.db, user.id),
      (c) => c?.jobTitle === `v${versions}`,
    );
    await settle(fleet);

    expect(await recordsOf(fleet.db, user.id)).toHaveLength(1);
    expect((await contactOf(fleet.db, user.id))?.jobTitle).toBe(`v${versions}`);
    const written = (await actions(user.id, 'update'))
      .map((entry) => (entry.after as { jobTitle?: string } | null)?.jobTitle)
      .filter((title): title is string => title !== undefined)
      .map((title) => Number(title.slice(1)));
    expect(written.length).toBeGreaterThan(0);
    expect(written).toEqual([...written].sort((a, b) => a - b)); // never back to an older version
    expect(written.at(-1)).toBe(versions);
  });
});
