import { startFleet, type Fleet } from './support/fleet';
import { deadLetters, recordOf } from './support/records';
import { settle } from './support/settle';

// A 429 storm: Graph throttles every second request; jobs wait for Retry-After and complete, none is lost.
let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet({ name: 'throttling' });
}, 60_000);
afterAll(async () => fleet?.close());
afterEach(() => fleet?.resetFaults());

describe('Graph throttling', () => {
  it('S4.1 in a 429 storm jobs wait for Retry-After, every change completes and nothing is dead-lettered', async () => {
    const tenant = await fleet.connect();
    const group = tenant.group('Customers');
    await tenant.rule(group, { target: 'contact' });
    const throttledBefore = fleet.emulator.state.counters.byStatus[429] ?? 0;
    fleet.emulator.faults.configure({
      throttle: { share: 0.5, retryAfterSeconds: 1 },
      tenantId: tenant.tenant.id,
    });

    const since = Date.now();
    const users = Array.from({ length: 10 }, (_, i) => tenant.user(`tess.${i}`));
    for (const user of users) tenant.directory.addMember(group, user.id);
    const records = () => Promise.all(users.map((u) => recordOf(fleet.db, u.id)));
    await fleet.latency.measure('10 users in a 429 storm', since, records, (r) => r.every(Boolean), 45_000);
    const elapsed = Date.now() - since;
    await settle(fleet);

    expect((await records()).map((r) => r?.email)).toEqual(users.map((u) => u.mail));
    expect((fleet.emulator.state.counters.byStatus[429] ?? 0) - throttledBefore).toBeGreaterThan(10);
    expect(elapsed).toBeGreaterThanOrEqual(1000); // at least one Retry-After was waited out
    expect(await deadLetters(fleet.producer)).toEqual([]);
    const failed = await Promise.all(
      (['userSync', 'groupSync', 'delta', 'fullSync'] as const).map((k) =>
        fleet.producer.queue(k).getFailedCount(),
      ),
    );
    expect(failed).toEqual([0, 0, 0, 0]);
  }, 60_000);

  it('S8 a full sync completes in a 429 storm', async () => {
    const tenant = await fleet.connect();
    const groups = [tenant.group('Customers'), tenant.group('Partners')];
    for (const group of groups) await tenant.rule(group, { target: 'contact' });
    const users = Array.from({ length: 6 }, (_, i) => tenant.user(`sid.${i}`));
    users.forEach((user, i) => tenant.directory.addMember(groups[i % 2]!, user.id));
    const leaver = users[0]!;
    const records = () => Promise.all(users.map((u) => recordOf(fleet.db, u.id)));
    await fleet.latency.measure('create 6', Date.now(), records, (r) => r.every(Boolean));
    await settle(fleet);

    fleet.emulator.state.dropNotifications = true; // only the sync may notice the leaver
    tenant.directory.removeMember(groups[0]!, leaver.id);
    fleet.emulator.faults.configure({
      throttle: { share: 0.5, retryAfterSeconds: 1 },
      tenantId: tenant.tenant.id,
    });
    const run = await tenant.fullSync();
    expect(run).toMatchObject({ status: 'succeeded', counts: { processed: 6 } });
    expect(
      (
        await fleet.db
          .selectFrom('links')
          .select('in_scope')
          .where('object_id', '=', leaver.id)
          .executeTakeFirst()
      )?.in_scope,
    ).toBe(false);
    expect(await deadLetters(fleet.producer)).toEqual([]);
  }, 60_000);
});
