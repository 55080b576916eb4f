import { applyUsers, type Db } from '@entra-sync/db';
import {
  createTestDatabase,
  deletedObservation,
  makeAccount,
  makeConnection,
  makeEmployee,
  makeRule,
  presentObservation,
  saveDefaults,
  type TestDatabase,
} from '@entra-sync/db/testing';
import type { DirectoryObservation } from '@entra-sync/domain';
import { compareWithDirectory } from './oracle';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await saveDefaults(t.db);
});
afterAll(() => t.destroy());

const at = (minutes: number) => new Date(Date.UTC(2026, 11, 7, 12, minutes));
const person = (name: string) => ({
  givenName: name,
  surname: 'Chaos',
  mail: `${name}@contoso.example`,
  userPrincipalName: `${name}@contoso.example`,
});

/** A connection with a staff and a portal rule, and four users synced as the worker would apply them. */
async function syncedWorld(db: Db) {
  const connectionId = await makeConnection(db);
  const accountId = await makeAccount(db);
  await makeRule(db, connectionId, { groupId: 'g-staff', order: 1, target: 'employee' });
  await makeRule(db, connectionId, {
    groupId: 'g-portal',
    order: 2,
    target: 'contact',
    accountId,
    portalAccess: true,
    portalRole: 'Portal User',
  });
  const tag = connectionId.slice(0, 8);
  const user = (name: string, groups: string[], minutes: number, fields = {}) =>
    presentObservation(
      `${tag}-${name}`,
      { ...person(`${name}.${tag}`), ...fields },
      { groups, at: at(minutes) },
    );
  const directory: DirectoryObservation[] = [
    user('ann', ['g-staff'], 0),
    user('bob', ['g-portal'], 0),
    user('cid', [], 0),
    deletedObservation(`${tag}-dee`, at(1)),
  ];
  const history = [user('dee', ['g-staff'], 0), ...directory];
  for (const observation of history)
    await applyUsers(db, { connectionId, users: [{ observation, trigger: 'change' }] });
  return { connectionId, tag, user, directory };
}

const later = (observations: DirectoryObservation[]) =>
  observations.map((o) => ({ ...o, observedAt: at(30) }));

describe('the chaos oracle (the domain planner over the stored world)', () => {
  it('finds nothing to do once every directory change is applied: 0 lost, 0 duplicated, 0 stale', async () => {
    const w = await syncedWorld(t.db);
    expect(await compareWithDirectory(t.db, w.connectionId, later(w.directory))).toMatchObject({
      users: 4,
      lost: 0,
      duplicated: 0,
      staleFields: 0,
      staleUsers: 0,
      examples: [],
    });
  });

  it('S2.1 counts each field a change never brought to the record as stale', async () => {
    const w = await syncedWorld(t.db);
    const [, , ...rest] = w.directory;
    const result = await compareWithDirectory(
      t.db,
      w.connectionId,
      later([
        w.user('ann', ['g-staff'], 2, { jobTitle: 'Chaos engineer' }),
        w.user('bob', ['g-portal'], 2, { jobTitle: 'Buyer', mobilePhone: '+1 555 0199' }),
        ...rest,
      ]),
    );
    expect(result).toMatchObject({ lost: 0, duplicated: 0, staleFields: 3, staleUsers: 2 });
    expect(result.examples).toEqual([
      `${w.tag}-ann (present): update jobTitle`,
      `${w.tag}-bob (present): update mobilePhone,jobTitle`,
    ]);
  });

  it('S5 counts a removal that never happened (a deleted user still active) as stale, not lost', async () => {
    const w = await syncedWorld(t.db);
    const [, ...others] = w.directory;
    const result = await compareWithDirectory(
      t.db,
      w.connectionId,
      later([deletedObservation(`${w.tag}-ann`, at(2)), ...others]),
    );
    expect(result.lost).toBe(0);
    expect(result.staleUsers).toBe(1);
    expect(result.examples[0]).toMatch(new RegExp(`^${w.tag}-ann \\(deleted\\): .*deactivate`));
  });

  it('S3.1 counts an in-scope user without a record as lost', async () => {
    const w = await syncedWorld(t.db);
    const result = await compareWithDirectory(
      t.db,
      w.connectionId,
      later([...w.directory, w.user('eve', ['g-staff'], 2)]),
    );
    expect(result).toMatchObject({ users: 5, lost: 1, staleFields: 0 });
  });

  it('S3.2 counts a second active record of one kind with the same e-mail as duplicated', async () => {
    const w = await syncedWorld(t.db);
    await makeEmployee(t.db, { email: `ann.${w.tag}@contoso.example` });
    const result = await compareWithDirectory(t.db, w.connectionId, later(w.directory));
    expect(result.duplicated).toBe(1);
  });
});
