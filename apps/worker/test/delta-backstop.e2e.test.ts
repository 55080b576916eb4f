import { startFleet, type Fleet } from './support/fleet';
import { contactOf } from './support/records';
import { settle } from './support/settle';

// S4.1: when Graph's notifications never arrive, the delta backstop alone keeps records current.
const DELTA_INTERVAL_SECONDS = 2;
let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet({ name: 'delta-backstop', deltaIntervalSeconds: DELTA_INTERVAL_SECONDS });
}, 60_000);
afterAll(async () => fleet?.close());
afterEach(() => fleet?.resetFaults());

const droppedFor = (objectId: string) =>
  fleet.emulator.state.deliveries.filter(
    (d) => d.dropped && d.notifications.some((n) => n.resourceId === objectId),
  ).length;
const deliveredFor = (objectId: string) =>
  fleet.emulator.state.deliveries.filter(
    (d) => !d.dropped && d.notifications.some((n) => n.resourceId === objectId),
  ).length;

describe('delta backstop', () => {
  it('S4.1 with notifications dropped, the delta backstop applies new members and changes', async () => {
    // connect() waits for the first delta round: it set the baseline (and ran a full sync)
    const tenant = await fleet.connect();
    const group = tenant.group('Customers');
    await tenant.rule(group, { target: 'contact' });
    await settle(fleet);
    fleet.emulator.state.dropNotifications = true;
    const budget = (DELTA_INTERVAL_SECONDS + 3) * 1000;

    let since = Date.now();
    const user = tenant.user('dean.delta');
    tenant.directory.addMember(group, user.id);
    const created = await fleet.latency.measure(
      'new member via delta',
      since,
      () => contactOf(fleet.db, user.id),
      Boolean,
      budget,
    );
    expect(created).toMatchObject({ email: user.mail, jobTitle: 'Engineer' });

    since = Date.now();
    tenant.directory.updateUser(user.id, { jobTitle: 'Director', mobilePhone: '+1 555 0199' });
    const updated = await fleet.latency.measure(
      'change via delta',
      since,
      () => contactOf(fleet.db, user.id),
      (c) => c?.jobTitle === 'Director',
      budget,
    );
    expect(updated).toMatchObject({ id: created!.id, mobilePhone: '+1 555 0199' });
    // the changes really were never delivered: only the backstop could have applied them
    expect(droppedFor(user.id)).toBeGreaterThan(0);
    expect(deliveredFor(user.id)).toBe(0);
    expect(droppedFor(group)).toBeGreaterThan(0);
  });

  it('S4.1 the delta backstop keeps working in a 429 storm', async () => {
    const tenant = await fleet.connect();
    const group = tenant.group('Customers');
    await tenant.rule(group, { target: 'contact' });
    const user = tenant.user('stella.storm');
    tenant.directory.addMember(group, user.id);
    await fleet.latency.measure('create', Date.now(), () => contactOf(fleet.db, user.id), Boolean);
    await settle(fleet);
    fleet.emulator.state.dropNotifications = true;
    const delivered = deliveredFor(user.id);
    fleet.emulator.faults.configure({
      throttle: { share: 0.5, retryAfterSeconds: 1 },
      tenantId: tenant.tenant.id,
    });

    const since = Date.now();
    tenant.directory.updateUser(user.id, { jobTitle: 'Through the storm' });
    await fleet.latency.measure(
      'change via delta in a 429 storm',
      since,
      () => contactOf(fleet.db, user.id),
      (c) => c?.jobTitle === 'Through the storm',
      (DELTA_INTERVAL_SECONDS + 13) * 1000,
    );
    expect(droppedFor(user.id)).toBeGreaterThan(0);
    expect(deliveredFor(user.id)).toBe(delivered);
  }, 30_000);
});
