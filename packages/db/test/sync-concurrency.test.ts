import { sql } from 'kysely';
import type { DirectoryObservation } from '@entra-sync/domain';
import { createDb, type Db, syncUser } from '../src';
import { createTestDatabase, type TestDatabase } from '../src/testing';
import { at, syncWorld } from './support/sync-world';

let t: TestDatabase;
let pool: Db;
beforeAll(async () => {
  t = await createTestDatabase();
  pool = createDb(t.url, { max: 24 });
});
afterAll(async () => {
  await pool.destroy();
  await t.destroy();
});

function shuffle<T>(items: T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('syncUser under concurrency', () => {
  it('S3.3 S4.5 racing applies end in one record, one link and one login per person, with the newest state', async () => {
    const w = await syncWorld(t);
    // one directory user observed 12 times (fields change each time; the e-mail flips too)
    const ada: DirectoryObservation[] = Array.from({ length: 12 }, (_, i) =>
      w.user(
        'oid-ada',
        {
          ...w.person(i % 2 === 0 ? 'ada' : 'ada.lovelace'),
          userPrincipalName: w.person('ada').userPrincipalName,
          jobTitle: `v${i}`,
        },
        { at: at(i) },
      ),
    );
    // ten directory users that share one e-mail (different object ids and UPNs)
    const bob: DirectoryObservation[] = Array.from({ length: 10 }, (_, i) =>
      w.user(
        `oid-bob-${i}`,
        { mail: w.email('bob'), userPrincipalName: `bob${i}.x@contoso.com` },
        { at: at(i) },
      ),
    );
    const work = shuffle([...ada, ...bob]).map((observation) =>
      syncUser(pool, { connectionId: w.connectionId, observation, trigger: 'change' }),
    );
    const settled = await Promise.allSettled(work);
    const failures = settled.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []));
    expect(failures).toEqual([]);

    const newest = ada[11];
    const adaLink = await w.link('oid-ada');
    expect(adaLink?.lastObservedAt).toEqual(newest?.observedAt);
    const adaRows = await t.db
      .selectFrom('employees')
      .select(['id', 'email', 'job_title'])
      .where(sql`lower(email)`, 'in', [w.email('ada'), w.email('ada.lovelace')])
      .execute();
    expect(adaRows).toEqual([{ id: adaLink?.recordId, email: w.email('ada.lovelace'), job_title: 'v11' }]);
    const adaLogins = await t.db
      .selectFrom('logins')
      .select('username')
      .where('employee_id', '=', adaLink?.recordId ?? '')
      .execute();
    expect(adaLogins).toEqual([{ username: w.username('ada') }]);

    const bobRows = await t.db
      .selectFrom('employees')
      .select('id')
      .where('email', '=', w.email('bob'))
      .execute();
    expect(bobRows).toHaveLength(1);
    const bobLinks = await t.db
      .selectFrom('links')
      .select(['object_id', 'record_id'])
      .where('connection_id', '=', w.connectionId)
      .where('object_id', 'like', 'oid-bob-%')
      .execute();
    expect(bobLinks).toEqual([
      { object_id: expect.stringMatching(/^oid-bob-\d$/), record_id: bobRows[0]?.id },
    ]);
    const bobLogins = await t.db
      .selectFrom('logins')
      .select('username')
      .where('employee_id', '=', bobRows[0]?.id ?? '')
      .execute();
    expect(bobLogins).toHaveLength(1);
    const winner = Number(bobLinks[0]?.object_id.slice('oid-bob-'.length));
    expect(bobLogins[0]?.username).toBe(`bob${winner}.x`);
    const conflicts = await t.db
      .selectFrom('audit_log')
      .select('object_id')
      .where('connection_id', '=', w.connectionId)
      .where('action', '=', 'conflict')
      .execute();
    expect(conflicts.map((c) => c.object_id).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `oid-bob-${i}`)
        .filter((o) => o !== bobLinks[0]?.object_id)
        .sort(),
    );
  });
});
