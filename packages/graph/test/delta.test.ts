import type { RunningEmulator } from '@entra-sync/graph-emulator';
import {
  classifyGraphError,
  DeltaTokenExpired,
  groupsDelta,
  usersDelta,
  type DeltaPage,
  type GroupDeltaItem,
  type UserDeltaItem,
} from '../src';
import { createTestTenant, failureOf, startTestEmulator, type TestTenant } from './support/emulator';

/** Runs a delta round to its deltaLink, as a worker would: the link is "persisted" only after each page. */
async function round<T>(
  pages: AsyncGenerator<DeltaPage<T>>,
): Promise<{ items: T[]; deltaLink: string; pages: number }> {
  const items: T[] = [];
  let stored: string | null = null;
  let count = 0;
  for await (const page of pages) {
    items.push(...page.items);
    count++;
    stored = page.deltaLink ?? page.nextLink;
  }
  if (!stored?.includes('$deltatoken=')) throw new Error('round ended without a deltaLink');
  return { items, deltaLink: stored, pages: count };
}

describe('users and groups delta through the real Graph SDK', () => {
  let emulator: RunningEmulator;
  let t: TestTenant;

  beforeAll(async () => {
    emulator = await startTestEmulator({ settings: { deltaPageSize: 100 } });
    t = createTestTenant(emulator);
    emulator.state.seed(t.tenantId, { seed: 'delta', users: 450, groups: 6 });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  const dir = () => emulator.state.requireTenant(t.tenantId).directory;

  it('S4.1 the initial round pages every user with the S2 fields to a deltaLink', async () => {
    const first = await round(usersDelta(t.client));
    expect(first.pages).toBe(5);
    expect(first.items).toHaveLength(450);
    expect(first.items.every((i) => i.kind === 'upsert')).toBe(true);
    const next = await round(usersDelta(t.client, first.deltaLink));
    expect(next.items).toEqual([]);
  });

  it('S4.1/S5.1 after a deltaLink each kind of user change shows up exactly once', async () => {
    const d = dir();
    const baseline = await round(usersDelta(t.client));
    const [toUpdate, toSoftDelete, toHardDelete, toDisable] = [...d.users.keys()].slice(10, 14) as [
      string,
      string,
      string,
      string,
    ];
    const created = d.createUser({
      userPrincipalName: `new.hire@${t.domain}`,
      givenName: 'New',
      surname: 'Hire',
    });
    d.updateUser(toUpdate, { jobTitle: 'Chief Delta Officer' });
    d.updateUser(toUpdate, { mobilePhone: null });
    d.softDeleteUser(toSoftDelete);
    d.softDeleteUser(toHardDelete);
    d.hardDeleteUser(toHardDelete);
    d.updateUser(toDisable, { accountEnabled: false });

    const changes = await round(usersDelta(t.client, baseline.deltaLink));
    const byId = new Map(changes.items.map((i) => [i.id, i]));
    expect(changes.items).toHaveLength(5);
    expect(byId.size).toBe(5);
    expect(byId.get(created.id)).toMatchObject({
      kind: 'upsert',
      user: { givenName: 'New', surname: 'Hire', mail: null },
    });
    expect(byId.get(toUpdate)).toMatchObject({
      kind: 'upsert',
      user: { jobTitle: 'Chief Delta Officer', mobilePhone: null },
    });
    expect(byId.get(toSoftDelete)).toEqual({ kind: 'removed', id: toSoftDelete, reason: 'changed' });
    expect(byId.get(toHardDelete)).toEqual({ kind: 'removed', id: toHardDelete, reason: 'deleted' });
    expect(byId.get(toDisable)).toMatchObject({ kind: 'upsert', user: { accountEnabled: false } });

    d.restoreUser(toSoftDelete);
    const restored = await round(usersDelta(t.client, changes.deltaLink));
    expect(restored.items).toEqual([expect.objectContaining({ kind: 'upsert', id: toSoftDelete })]);
    expect((await round(usersDelta(t.client, restored.deltaLink))).items).toEqual([]);
  });

  it('S1.1 group membership adds and removes arrive once in members@delta', async () => {
    const d = dir();
    const baseline = await round(groupsDelta(t.client));
    expect(baseline.items).toHaveLength(6);
    const [g1, g2] = [...d.groups.keys()] as [string, string];
    const memberOfG2 = [...(d.groups.get(g2)?.members ?? [])].find((id) => d.users.has(id)) as string;
    const joiner = [...d.users.keys()].find((id) => !d.groups.get(g1)?.members.has(id)) as string;
    d.addMember(g1, joiner);
    d.removeMember(g2, memberOfG2);
    const gone = d.createGroup({ displayName: 'Short-lived' });
    d.deleteGroup(gone.id);

    const changes = await round(groupsDelta(t.client, baseline.deltaLink));
    const byId = new Map<string, GroupDeltaItem>(changes.items.map((i) => [i.id, i]));
    expect(changes.items).toHaveLength(3);
    expect(byId.get(g1)).toMatchObject({
      kind: 'upsert',
      memberChanges: [{ id: joiner, type: 'user', change: 'added' }],
    });
    expect(byId.get(g2)).toMatchObject({
      kind: 'upsert',
      memberChanges: [{ id: memberOfG2, type: 'user', change: 'removed' }],
    });
    expect(byId.get(gone.id)).toEqual({ kind: 'removed', id: gone.id, reason: 'deleted' });
    expect((await round(groupsDelta(t.client, changes.deltaLink))).items).toEqual([]);
  });

  it('S4.1 the caller controls progress: pages are fetched only when asked for, so an unprocessed page is re-read', async () => {
    const before = t.counter.snapshot().requests.ok;
    let resumeFrom: string | null = null;
    for await (const page of usersDelta(t.client)) {
      resumeFrom = page.nextLink ?? null;
      break;
    }
    expect(t.counter.snapshot().requests.ok - before).toBe(1);
    expect(resumeFrom).toContain('$skiptoken=');
    const rest = await round(usersDelta(t.client, resumeFrom));
    expect(rest.items.length).toBe(dir().users.size - 100);
  });

  it('S4.1 an expired delta token surfaces as DeltaTokenExpired, and a full resync starts over', async () => {
    const baseline = await round(usersDelta(t.client));
    const groupsBaseline = await round(groupsDelta(t.client));
    emulator.state.expireDeltaTokens(t.tenantId);
    const err = await failureOf(() => round(usersDelta(t.client, baseline.deltaLink)));
    expect(err).toBeInstanceOf(DeltaTokenExpired);
    expect(err).toMatchObject({ resource: 'users', status: 400, code: 'syncStateNotFound' });
    expect(classifyGraphError(err)).toMatchObject({ kind: 'permanent', code: 'syncStateNotFound' });

    // what a delta worker does: follow the stored link, and on DeltaTokenExpired run a full synchronization
    const sync = async (from: string): Promise<{ restarted: boolean; items: UserDeltaItem[] }> => {
      try {
        return { restarted: false, items: (await round(usersDelta(t.client, from))).items };
      } catch (e) {
        if (!(e instanceof DeltaTokenExpired)) throw e;
        return { restarted: true, items: (await round(usersDelta(t.client))).items };
      }
    };
    const result = await sync(baseline.deltaLink);
    expect(result.restarted).toBe(true);
    expect(result.items).toHaveLength(dir().users.size);
    expect(await failureOf(() => round(groupsDelta(t.client, groupsBaseline.deltaLink)))).toMatchObject({
      name: 'DeltaTokenExpired',
      resource: 'groups',
    });
  });
});
