import type { RunningEmulator } from '@entra-sync/graph-emulator';
import {
  getGroup,
  getGroupIdsForUsers,
  getObservation,
  getObservations,
  OBSERVATIONS_PER_BATCH,
  getUser,
  getUserGroupIds,
  groupMembers,
  listUsers,
  sendBatch,
} from '../src';
import { collect, createTestTenant, type TestTenant, startTestEmulator } from './support/emulator';

describe('reading users, groups and memberships through the real Graph SDK', () => {
  let emulator: RunningEmulator;
  let t: TestTenant;
  let seeded: { userIds: string[]; groupIds: string[] };

  beforeAll(async () => {
    emulator = await startTestEmulator();
    t = createTestTenant(emulator);
    seeded = emulator.state.seed(t.tenantId, { seed: 'readers', users: 3_100, groups: 12 });
  });
  afterAll(async () => {
    await emulator?.close();
  });

  const dir = () => emulator.state.requireTenant(t.tenantId).directory;

  it('S8 pages through more than 3,000 users, 999 per page, each once, with the S2 fields', async () => {
    const pages = [];
    for await (const page of listUsers(t.client)) pages.push(page);
    expect(pages.map((p) => p.items.length)).toEqual([999, 999, 999, 103]);
    expect(pages.slice(0, 3).every((p) => p.nextLink !== null)).toBe(true);
    expect(pages[3]?.nextLink).toBeNull();
    const ids = pages.flatMap((p) => p.items.map((u) => u.id));
    expect(new Set(ids).size).toBe(3_100);
    expect(new Set(ids)).toEqual(new Set(seeded.userIds));
    const sample = dir().users.get(ids[1_500] as string);
    const mapped = pages.flatMap((p) => p.items).find((u) => u.id === sample?.id);
    expect(mapped?.user).toEqual({
      givenName: sample?.givenName,
      surname: sample?.surname,
      userPrincipalName: sample?.userPrincipalName,
      mail: sample?.mail,
      businessPhones: sample?.businessPhones,
      mobilePhone: sample?.mobilePhone,
      jobTitle: sample?.jobTitle,
      accountEnabled: sample?.accountEnabled,
    });
  });

  it('S2.1 getUser returns exactly the mapped fields, and null for an unknown user', async () => {
    const created = dir().createUser({
      userPrincipalName: `jane.doe@${t.domain}`,
      givenName: 'Jane',
      surname: 'Doe',
      mail: null,
      businessPhones: ['+1 555 0100'],
      accountEnabled: false,
    });
    expect(await getUser(t.client, created.id)).toEqual({
      id: created.id,
      user: {
        givenName: 'Jane',
        surname: 'Doe',
        userPrincipalName: `jane.doe@${t.domain}`,
        mail: null,
        businessPhones: ['+1 555 0100'],
        mobilePhone: null,
        jobTitle: null,
        accountEnabled: false,
      },
    });
    expect(await getUser(t.client, '0f0f0f0f-0000-4000-8000-000000000000')).toBeNull();
  });

  it('S1.1 a user reaches groups directly and through nesting; only groups are returned', async () => {
    const d = dir();
    const outer = d.createGroup({ displayName: 'Outer' });
    const inner = d.createGroup({ displayName: 'Inner' });
    d.addMember(outer.id, inner.id);
    const user = d.createUser({ userPrincipalName: `nested.user@${t.domain}` });
    d.addMember(inner.id, user.id);
    expect(await getUserGroupIds(t.client, user.id, 'direct')).toEqual([inner.id]);
    expect((await getUserGroupIds(t.client, user.id, 'transitive')).sort()).toEqual(
      [inner.id, outer.id].sort(),
    );
    const observation = await getObservation(t.client, user.id);
    expect(observation).toMatchObject({ state: 'present', objectId: user.id, directGroupIds: [inner.id] });
    if (observation.state === 'present')
      expect([...observation.transitiveGroupIds].sort()).toEqual([inner.id, outer.id].sort());
  });

  it('S1.1 streams a group’s members page by page, direct and transitive (users only)', async () => {
    const d = dir();
    const big = d.createGroup({ displayName: 'Big' });
    const child = d.createGroup({ displayName: 'Child' });
    for (const id of seeded.userIds.slice(0, 1_200)) d.addMember(big.id, id);
    for (const id of seeded.userIds.slice(1_200, 1_250)) d.addMember(child.id, id);
    d.addMember(big.id, child.id);
    const pages = [];
    for await (const page of groupMembers(t.client, big.id, 'direct')) pages.push(page.items.length);
    expect(pages).toEqual([999, 201]);
    const transitive = await collect(groupMembers(t.client, big.id, 'transitive'));
    expect(transitive).toHaveLength(1_250);
    expect(transitive[0]?.user.userPrincipalName).toEqual(expect.stringContaining('@'));
    expect(await getGroup(t.client, big.id)).toEqual({ id: big.id, displayName: 'Big' });
    expect(await getGroup(t.client, '0f0f0f0f-0000-4000-8000-000000000000')).toBeNull();
  });

  it('D2 observedAt is taken before the read; deletions read as deleted, soft or hard (S5.1)', async () => {
    const d = dir();
    const user = d.createUser({ userPrincipalName: `to.delete@${t.domain}` });
    const before = new Date('2030-01-01T00:00:00Z');
    const present = await getObservation(t.client, user.id, () => before);
    expect(present.observedAt).toBe(before);
    const requestsBefore = httpCalls(t);
    d.softDeleteUser(user.id);
    expect(await getObservation(t.client, user.id)).toMatchObject({
      state: 'deleted',
      objectId: user.id,
      hard: false,
    });
    d.hardDeleteUser(user.id);
    expect(await getObservation(t.client, user.id)).toMatchObject({ state: 'deleted', hard: true });
    // one $batch plus one recycle-bin read per deleted observation
    expect(httpCalls(t) - requestsBefore).toBe(4);
  });

  it('P5 observes 6 users in one $batch, each as getObservation would, deletions included', async () => {
    const d = dir();
    const present = seeded.userIds.slice(100, 104);
    const gone = d.createUser({ userPrincipalName: `gone.soon@${t.domain}` });
    d.softDeleteUser(gone.id);
    const unknown = '0f0f0f0f-0000-4000-8000-000000000002';
    const ids = [...present, gone.id, unknown];
    expect(ids).toHaveLength(OBSERVATIONS_PER_BATCH);
    const at = new Date('2030-02-01T00:00:00Z');
    const before = httpCalls(t);
    const results = await getObservations(t.client, ids, () => at);
    // one $batch plus one recycle-bin read per deleted user
    expect(httpCalls(t) - before).toBe(3);
    expect(results.map((r) => (r instanceof Error ? r.message : [r.objectId, r.state]))).toEqual([
      ...present.map((id) => [id, 'present']),
      [gone.id, 'deleted'],
      [unknown, 'deleted'],
    ]);
    expect(results[4]).toMatchObject({ hard: false, observedAt: at });
    expect(results[5]).toMatchObject({ hard: true });
    for (const [i, id] of present.entries()) {
      const alone = await getObservation(t.client, id, () => at);
      expect(results[i]).toEqual(alone);
    }
    await expect(getObservations(t.client, [...ids, 'one-more'])).rejects.toThrow(RangeError);
  });

  it('uses $batch for member-of of many users: 45 users in 3 round trips, unknown users map to null', async () => {
    const users = seeded.userIds.slice(0, 44);
    const unknown = '0f0f0f0f-0000-4000-8000-000000000001';
    const before = t.counter.snapshot();
    const result = await getGroupIdsForUsers(t.client, [...users, unknown], 'direct');
    const after = t.counter.snapshot();
    expect(after.requests.ok - before.requests.ok).toBe(3);
    expect(after.batchItems.ok - before.batchItems.ok).toBe(44);
    expect(result.get(unknown)).toBeNull();
    for (const id of users) {
      const expected = [...(dir().memberOf.get(id) ?? [])].sort();
      expect([...(result.get(id) ?? [])].sort()).toEqual(expected);
    }
  });

  it('sendBatch keeps each response’s own status and refuses more than 20 requests', async () => {
    const responses = await sendBatch(t.client, [
      { id: 'a', method: 'GET', url: `/users/${seeded.userIds[0]}?$select=id` },
      { id: 'b', method: 'GET', url: '/users/0f0f0f0f-0000-4000-8000-000000000002?$select=id' },
    ]);
    expect(responses.get('a')).toMatchObject({ status: 200, body: { id: seeded.userIds[0] } });
    expect(responses.get('b')).toMatchObject({
      status: 404,
      body: { error: { code: 'Request_ResourceNotFound' } },
    });
    const tooMany = Array.from({ length: 21 }, (_, i) => ({
      id: String(i),
      method: 'GET' as const,
      url: '/organization',
    }));
    await expect(sendBatch(t.client, tooMany)).rejects.toThrow(RangeError);
  });
});

function httpCalls(t: TestTenant): number {
  return Object.values(t.counter.snapshot().requests).reduce((a, b) => a + b, 0);
}
