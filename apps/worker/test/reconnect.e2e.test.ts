import { getConnection, updateConnection } from '@entra-sync/db';
import { startFleet, type Fleet } from './support/fleet';
import { contactOf, deadLetters } from './support/records';
import { settle } from './support/settle';
import { waitFor } from './support/wait';

// S7.3: a connection whose credential stops working is marked failing, spends no work, and recovers by itself.
const RECONNECT_SECONDS = 2;
let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet({ name: 'reconnect', reconnectSeconds: RECONNECT_SECONDS });
}, 60_000);
afterAll(async () => fleet?.close());

describe('connection health', () => {
  it('S7.3 S7.1 a bad secret marks the connection failing; once fixed it reconnects within one period and applies the pending change', async () => {
    const tenant = await fleet.connect();
    const group = tenant.group('Customers');
    await tenant.rule(group, { target: 'contact' });
    const user = tenant.user('rita.retry');
    tenant.directory.addMember(group, user.id);
    await fleet.latency.measure('create', Date.now(), () => contactOf(fleet.db, user.id), Boolean);
    await settle(fleet); // a job already holding a token would still read with it

    // The secret is rotated in Entra and the new value is mistyped here.
    const wrongSecret = `wrong-${tenant.clientSecret.slice(0, 12)}`;
    fleet.emulator.state.invalidateSecret(tenant.clientId, tenant.clientSecret);
    const newSecret = fleet.emulator.state.addSecret(tenant.clientId);
    await updateConnection(fleet.db, fleet.box, tenant.id, { clientSecret: wrongSecret });

    const changedAt = Date.now();
    tenant.directory.updateUser(user.id, { jobTitle: 'Pending change' });
    const failing = await waitFor(
      () => getConnection(fleet.db, tenant.id),
      (c) => c?.status === 'failing',
      { what: 'connection failing' },
    );
    expect(failing?.lastError).toMatch(/AADSTS7000215|invalid_client/);
    for (const secret of [wrongSecret, newSecret, tenant.clientSecret]) {
      expect(failing?.lastError).not.toContain(secret);
      expect(fleet.logs.join('\n')).not.toContain(secret);
    }
    expect((await contactOf(fleet.db, user.id))?.jobTitle).toBe('Engineer'); // waits, nothing applied yet
    expect(await deadLetters(fleet.producer)).toEqual([]); // nothing is lost either

    const fixedAt = Date.now();
    await updateConnection(fleet.db, fleet.box, tenant.id, { clientSecret: newSecret });
    const recovered = await waitFor(
      () => getConnection(fleet.db, tenant.id),
      (c) => c?.status === 'connected',
      { what: 'connection recovered', timeoutMs: RECONNECT_SECONDS * 3000 },
    );
    const recoveryMs = Date.now() - fixedAt;
    expect(recovered?.lastError).toBeNull();
    expect(recoveryMs).toBeLessThanOrEqual(RECONNECT_SECONDS * 1000 + 1500); // one period plus the probe

    await fleet.latency.measure(
      'change held while failing',
      changedAt,
      () => contactOf(fleet.db, user.id),
      (c) => c?.jobTitle === 'Pending change',
      RECONNECT_SECONDS * 3000,
    );
    expect(await deadLetters(fleet.producer)).toEqual([]);
  }, 30_000);
});
