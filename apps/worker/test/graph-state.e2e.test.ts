import { createSyncRun, getDeltaLink, saveDeltaLink } from '@entra-sync/db';
import { startFleet, type Fleet } from './support/fleet';
import { waitFor } from './support/wait';

// Graph state kept per connection: subscriptions and delta links stay single and usable.
let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet({ name: 'graph-state', deltaIntervalSeconds: 1 });
}, 60_000);
afterAll(async () => fleet?.close());

const liveSubscriptions = (fleet: Fleet, tenantId: string) => [
  ...(fleet.emulator.state.tenants.get(tenantId)?.subscriptions.values() ?? []),
];

describe('subscriptions and delta state', () => {
  it('G5 concurrent ensures of one connection leave one subscription per resource', async () => {
    const tenant = await fleet.connect();
    expect(liveSubscriptions(fleet, tenant.tenant.id)).toHaveLength(2);
    // Force re-creation from scratch: forget what we stored, then ask four times at once.
    await fleet.db.deleteFrom('graph_subscriptions').where('connection_id', '=', tenant.id).execute();
    const jobs = await Promise.all(
      [1, 2, 3, 4].map((n) =>
        fleet.producer.add(
          'subscriptions',
          'subscriptions.ensure',
          { connectionId: tenant.id },
          { jobId: `ensure-race-${n}-${tenant.id}` },
        ),
      ),
    );
    await waitFor(
      async () => Promise.all(jobs.map((job) => job.getState())),
      (states) => states.every((s) => s === 'completed'),
      { what: 'the four ensure jobs', timeoutMs: 20_000 },
    );
    const stored = await fleet.db
      .selectFrom('graph_subscriptions')
      .select(['resource', 'subscription_id'])
      .where('connection_id', '=', tenant.id)
      .execute();
    expect(stored.map((s) => s.resource).sort()).toEqual(['groups', 'users']);
    // the two from connect() plus exactly one new per resource, not four
    expect(liveSubscriptions(fleet, tenant.tenant.id)).toHaveLength(4);
  });

  it('S4.1 a stored delta link from another Graph origin starts a new baseline instead of failing every tick', async () => {
    const tenant = await fleet.connect();
    const foreign = 'https://graph.elsewhere.example/v1.0/users/delta?$deltatoken=abc';
    await saveDeltaLink(fleet.db, tenant.id, 'users', foreign);
    const link = await waitFor(
      () => getDeltaLink(fleet.db, tenant.id, 'users'),
      (value) => value !== null && value !== foreign,
      { what: 'a new users delta link', timeoutMs: 15_000 },
    );
    expect(link).toContain(fleet.emulator.url);
    const failed = await fleet.producer.queue('delta').getFailed();
    expect(failed.filter((job) => job.data.connectionId === tenant.id)).toHaveLength(0);
  });

  it('Q6 a new baseline queues no second full sync while one is still queued', async () => {
    const tenant = await fleet.connect();
    const queued = await createSyncRun(fleet.db, tenant.id); // queued, its job not added yet
    await saveDeltaLink(fleet.db, tenant.id, 'users', null);
    await saveDeltaLink(fleet.db, tenant.id, 'groups', null);
    await waitFor(
      async () => [
        await getDeltaLink(fleet.db, tenant.id, 'users'),
        await getDeltaLink(fleet.db, tenant.id, 'groups'),
      ],
      (links) => links.every((l) => l !== null),
      { what: 'a new delta baseline', timeoutMs: 15_000 },
    );
    const runs = await fleet.db
      .selectFrom('sync_runs')
      .select(['id', 'status'])
      .where('connection_id', '=', tenant.id)
      .execute();
    // the connect() baseline's run, and ours: no third one
    expect(runs).toHaveLength(2);
    expect(runs.map((r) => r.id)).toContain(queued.id);
  });
});
