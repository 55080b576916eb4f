import { randomBytes } from 'node:crypto';
import { getConnection } from '@entra-sync/db';
import type { WorkerRuntime } from '../src/runtime';
import { startFleet, type Fleet } from './support/fleet';
import { contactOf } from './support/records';
import type { TestConnection } from './support/tenant';

// S4.5 across hosts: two workers whose clocks differ by ten seconds read and apply one user. Their own
// observe and apply steps are used directly so the interleaving is exact; their queues are private, so
// notifications of the test's changes reach no one.
const SKEW_MS = 5_000;
let fleet: Fleet;
let ahead: WorkerRuntime;
let behind: WorkerRuntime;
let tenant: TestConnection;
let group: string;
beforeAll(async () => {
  fleet = await startFleet({ name: 'clock-skew', worker: false });
  const alone = () => ({ QUEUE_PREFIX: `skew-${randomBytes(4).toString('hex')}` });
  ahead = await fleet.startWorker(alone(), () => new Date(Date.now() + SKEW_MS));
  behind = await fleet.startWorker(alone(), () => new Date(Date.now() - SKEW_MS));
  tenant = await fleet.connect({ waitForBaseline: false });
  group = tenant.group('Customers');
  await tenant.rule(group, { target: 'contact' });
}, 60_000);
afterAll(async () => fleet?.close());

async function observe(worker: WorkerRuntime, objectId: string) {
  const connection = await getConnection(fleet.db, tenant.id);
  if (!connection) throw new Error('no connection');
  const client = await worker.deps.graph.get(connection.id, connection.updatedAt);
  return worker.deps.users.observe(tenant.id, client, objectId);
}

const apply = (worker: WorkerRuntime, observation: Awaited<ReturnType<typeof observe>>) =>
  worker.deps.users.apply({
    connectionId: tenant.id,
    actor: 'sync:notification',
    user: { observation, trigger: 'change' },
  });

describe('S4.5 ordering without host clocks', () => {
  it.each([
    ['the worker ahead reads the older state, the one behind the newer', () => [ahead, behind] as const],
    ['the worker behind reads the older state, the one ahead the newer', () => [behind, ahead] as const],
  ])('S4.5 the newer directory state wins when %s and the older is applied last', async (_, workers) => {
    const [first, second] = workers();
    const user = tenant.user('sam.skew', { jobTitle: 'First' });
    tenant.directory.addMember(group, user.id);
    await apply(first, await observe(first, user.id));
    expect((await contactOf(fleet.db, user.id))?.jobTitle).toBe('First');

    const older = await observe(first, user.id); // 'First', read before the change
    tenant.directory.updateUser(user.id, { jobTitle: 'Second' });
    const newer = await observe(second, user.id);
    expect(await apply(second, newer)).toMatchObject({ changed: true });
    const late = await apply(first, older);
    expect(late.plan.outcome).toBe('stale');
    expect((await contactOf(fleet.db, user.id))?.jobTitle).toBe('Second');
  });
});
