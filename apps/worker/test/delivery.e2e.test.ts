import { createSyncRun, getSubscriptionFor, getSyncRun } from '@entra-sync/db';
import { startFleet, type Fleet } from './support/fleet';
import { auditOf, contactOf, linkOf, recordsByEmail, recordsOf } from './support/records';
import { settle } from './support/settle';
import type { TestConnection } from './support/tenant';
import { waitFor } from './support/wait';

// Duplicate and out-of-order delivery (S4.4, S4.5): the receiver and the queue collapse, the apply step orders.
let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet({ name: 'delivery' });
}, 60_000);
afterAll(async () => fleet?.close());
afterEach(() => fleet?.resetFaults());

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
    // Q1: the burst collapsed into a pending job (and one kept while it ran), far from 20 jobs
    expect(await userJobs(user.id)).toBeLessThanOrEqual(3);

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
    expect(await userJobs(user.id)).toBeLessThanOrEqual(6);
  });

  it('S4.5 a state read before a change never overwrites the newer state applied after it', async () => {
    const tenant = await fleet.connect();
    const group = tenant.group('Customers');
    await tenant.rule(group, { target: 'contact' });
    const user = tenant.user('otto.order');
    const leavers = Array.from({ length: 16 }, (_, i) => tenant.user(`lee.${i}`));
    for (const u of [user, ...leavers]) tenant.directory.addMember(group, u.id);
    await waitFor(
      () => Promise.all([user, ...leavers].map((u) => contactOf(fleet.db, u.id))),
      (r) => r.every(Boolean),
    );
    for (const u of leavers) tenant.directory.removeMember(group, u.id);
    const inScope = () => Promise.all(leavers.map((u) => linkOf(fleet.db, tenant.id, u.id)));
    await waitFor(inScope, (links) => links.every((l) => l?.inScope === false));
    await settle(fleet);

    // A full sync reads the scope (the older state), then observes the 16 users who left, one slow Graph read
    // each, and only then applies. A change lands in that window and is applied first by its own user job.
    fleet.emulator.faults.configure({ latencyMs: 400, tenantId: tenant.tenant.id });
    const scopeReads = () =>
      Object.entries(fleet.emulator.state.counters.byRoute)
        .filter(([route]) => route.includes('/groups/:id/members'))
        .reduce((sum, [, n]) => sum + n, 0);
    const before = scopeReads();
    const run = await createSyncRun(fleet.db, tenant.id);
    await fleet.producer.add('fullSync', 'sync.run', { connectionId: tenant.id, runId: run.id });
    await waitFor(scopeReads, (n) => n > before, { intervalMs: 5, what: 'the full sync read its scope' });

    const since = Date.now();
    tenant.directory.updateUser(user.id, { jobTitle: 'Newer' });
    await fleet.latency.measure(
      'change during a full sync',
      since,
      () => contactOf(fleet.db, user.id),
      (c) => c?.jobTitle === 'Newer',
    );
    const finished = await waitFor(
      () => getSyncRun(fleet.db, run.id),
      (r) => r?.status === 'succeeded',
      { what: 'full sync' },
    );
    expect(finished?.finishedAt?.getTime()).toBeGreaterThan(since);
    fleet.emulator.faults.configure(null);

    // a job for an older state (a delta hit received a minute ago) arrives last
    await fleet.producer.userChanged({
      connectionId: tenant.id,
      objectId: user.id,
      trigger: 'change',
      source: 'delta',
      receivedAt: Date.now() - 60_000,
    });
    await settle(fleet);
    expect(await recordsOf(fleet.db, user.id)).toHaveLength(1);
    expect((await contactOf(fleet.db, user.id))?.jobTitle).toBe('Newer');
    const titles = (await actions(user.id, 'update')).map((e) => (e.after as { jobTitle?: string }).jobTitle);
    expect(titles).toEqual(['Newer']);
  });
});
