import { decideConfirmation, listAuditEntries, listConfirmations, type Confirmation } from '@entra-sync/db';
import type { EmuUser } from '@entra-sync/graph-emulator';
import { startFleet, type Fleet } from './support/fleet';
import { contactOf, recordOf } from './support/records';
import { settle } from './support/settle';
import type { TestConnection } from './support/tenant';
import { waitFor } from './support/wait';

// S8 on every path: removals arriving one user at a time (notifications, delta, group deletion) are weighed in
// a sliding window per connection; above 20 % of the synced users they wait for a confirmation.
let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet({ name: 'removal-guard' });
}, 60_000);
afterAll(async () => fleet?.close());

const TEN = ['ada', 'bo', 'cy', 'di', 'ed', 'flo', 'gus', 'hal', 'ivy', 'jo'];

interface Synced {
  tenant: TestConnection;
  group: string;
  users: EmuUser[];
}

/** Ten portal contacts synced from one rule group, the fleet settled. */
async function tenSynced(): Promise<Synced> {
  const tenant = await fleet.connect();
  const group = tenant.group('Portal');
  await tenant.rule(group, { target: 'contact', portalAccess: true, portalRole: 'Portal User' });
  const users = TEN.map((name) => tenant.user(`${name}.guard`));
  for (const user of users) tenant.directory.addMember(group, user.id);
  await waitFor(
    () => withAccess(users),
    (n) => n === users.length,
    { what: 'ten portal logins' },
  );
  await settle(fleet);
  return { tenant, group, users };
}

async function hasAccess(user: EmuUser): Promise<boolean> {
  const record = await contactOf(fleet.db, user.id);
  return record?.status === 'active' && record.login?.enabled === true;
}

async function withAccess(users: readonly EmuUser[]): Promise<number> {
  return (await Promise.all(users.map(hasAccess))).filter(Boolean).length;
}

const pendingOf = async (tenant: TestConnection): Promise<Confirmation | null> =>
  (await listConfirmations(fleet.db, { connectionId: tenant.id }))[0] ?? null;

/** Waits until every one of `affected` either lost access or is held, then until the fleet settled. */
async function removedOrHeld(tenant: TestConnection, affected: readonly EmuUser[]) {
  const read = async () => {
    const held = (await pendingOf(tenant))?.count ?? 0;
    return { lost: affected.length - (await withAccess(affected)), held };
  };
  await waitFor(read, (s) => s.lost + s.held === affected.length, { what: 'removals applied or held' });
  await settle(fleet);
  return read();
}

describe('S8 sliding-window guard on every path', () => {
  it('S8 a deleted mapped group: notifications remove at most 20 %, the rest wait for confirmation', async () => {
    const { tenant, group, users } = await tenSynced();
    tenant.directory.deleteGroup(group);
    const { lost, held } = await removedOrHeld(tenant, users);
    expect(lost).toBeLessThanOrEqual(2);
    expect(held).toBeGreaterThanOrEqual(8);
    const pending = await pendingOf(tenant);
    expect(pending?.removals.every((r) => r.removal === 'out-of-scope')).toBe(true);
    expect(pending?.removals.map((r) => r.email).sort()).toEqual(
      expect.arrayContaining([expect.stringContaining('@')]),
    );
    const audit = await listAuditEntries(fleet.db, { connectionId: tenant.id });
    expect(audit.filter((e) => e.action === 'sync.awaiting_confirmation')).toHaveLength(1);
  });

  it('S8 50 % disabled through notifications is held; other changes keep flowing; a re-enabled user drops out', async () => {
    const { tenant, users } = await tenSynced();
    const disabled = users.slice(0, 5);
    for (const user of disabled) tenant.directory.updateUser(user.id, { accountEnabled: false });
    const { lost, held } = await removedOrHeld(tenant, disabled);
    expect(lost).toBeLessThanOrEqual(2);
    expect(held).toBeGreaterThanOrEqual(3);
    const pending = (await pendingOf(tenant))!;
    expect(pending.removals.every((r) => r.removal === 'disabled')).toBe(true);
    expect(pending.source).toMatch(/^(notification|delta)$/);

    const other = users[9]!;
    tenant.directory.updateUser(other.id, { jobTitle: 'Still flowing' });
    await waitFor(
      () => contactOf(fleet.db, other.id),
      (c) => c?.jobTitle === 'Still flowing',
    );

    const back = pending.removals[0]!;
    tenant.directory.updateUser(back.objectId, { accountEnabled: true });
    await waitFor(
      () => pendingOf(tenant),
      (c) => c !== null && c.count === held - 1 && c.removals.every((r) => r.objectId !== back.objectId),
      { what: 're-enabled user out of the pending set' },
    );
    expect(await hasAccess(users.find((u) => u.id === back.objectId)!)).toBe(true);
  });

  it('S8 below the threshold a removal is applied as before, with no confirmation', async () => {
    const { tenant, users } = await tenSynced();
    tenant.directory.updateUser(users[0]!.id, { accountEnabled: false });
    await waitFor(
      () => recordOf(fleet.db, users[0]!.id),
      (r) => r?.status === 'inactive',
    );
    await settle(fleet);
    expect(await pendingOf(tenant)).toBeNull();
    expect(await withAccess(users)).toBe(9);
  });

  it('S8 approving with the count seen applies the held removals and audits who approved', async () => {
    const { tenant, users } = await tenSynced();
    for (const user of users.slice(0, 6)) tenant.directory.softDeleteUser(user.id);
    const { held } = await removedOrHeld(tenant, users.slice(0, 6));
    const pending = (await pendingOf(tenant))!;

    const stale = await decideConfirmation(fleet.db, {
      id: pending.id,
      decision: 'approve',
      count: held + 1,
      actor: 'operator-a',
    });
    expect(stale).toEqual({ kind: 'count-changed', seen: held + 1, count: held });
    expect(await withAccess(users)).toBe(10 - (6 - held));

    const approved = await decideConfirmation(fleet.db, {
      id: pending.id,
      decision: 'approve',
      count: held,
      actor: 'operator-a',
    });
    expect(approved).toMatchObject({
      kind: 'decided',
      applied: held,
      confirmation: { status: 'approved', decidedBy: 'operator-a', decidedCount: held },
    });
    expect(await withAccess(users)).toBe(4);
    const audit = await listAuditEntries(fleet.db, { connectionId: tenant.id });
    expect(audit.find((e) => e.action === 'confirmation.approved')).toMatchObject({
      actor: 'operator-a',
      after: { confirmationId: pending.id, count: held },
    });
    expect(await pendingOf(tenant)).toBeNull();
  });

  it('S8 rejecting keeps access, and a later full sync does not ask again for the same removals', async () => {
    const { tenant, users } = await tenSynced();
    for (const user of users.slice(0, 5)) tenant.directory.updateUser(user.id, { accountEnabled: false });
    const { held, lost } = await removedOrHeld(tenant, users.slice(0, 5));
    const pending = (await pendingOf(tenant))!;
    const rejected = await decideConfirmation(fleet.db, {
      id: pending.id,
      decision: 'reject',
      count: held,
      actor: 'operator-b',
    });
    expect(rejected).toMatchObject({ kind: 'decided', applied: 0, confirmation: { status: 'rejected' } });
    expect(await withAccess(users)).toBe(10 - lost);

    const run = await tenant.fullSync();
    expect(run.status).toBe('succeeded');
    expect(await withAccess(users)).toBe(10 - lost);
    expect(await pendingOf(tenant)).toBeNull();
    const audit = await listAuditEntries(fleet.db, { connectionId: tenant.id });
    expect(audit.find((e) => e.action === 'confirmation.rejected')).toMatchObject({ actor: 'operator-b' });
  });
});
