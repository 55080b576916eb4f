import { createDb, type Db, syncUser } from '../src';
import { createTestDatabase, makeEmployee, makeRule, type TestDatabase } from '../src/testing';
import { at, syncWorld } from './support/sync-world';

// The per-user cost must stay small and independent of how many records, rules or users exist,
// so a 100k-user initial sync scales linearly.

let t: TestDatabase;
let counted: Db;
let queries: string[] = [];
beforeAll(async () => {
  t = await createTestDatabase();
  counted = createDb(t.url, { max: 2, log: (event) => void queries.push(event.query.sql) });
});
afterAll(async () => {
  await counted.destroy();
  await t.destroy();
});

describe('syncUser query count', () => {
  it('a user costs a small, constant number of statements', async () => {
    const w = await syncWorld(t);
    const apply = async (objectId: string, name: string, seconds: number) => {
      queries = [];
      await syncUser(counted, {
        connectionId: w.connectionId,
        observation: w.user(objectId, w.person(name), { at: at(seconds) }),
        trigger: 'change',
      });
      return queries.length;
    };
    const created = await apply('oid-q1', 'quentin', 0);
    const unchanged = await apply('oid-q1', 'quentin', 1);

    // more data and rules around: the same user costs the same
    for (let i = 0; i < 30; i += 1) await makeEmployee(t.db, { email: `filler${i}@contoso.com` });
    for (let i = 0; i < 10; i += 1)
      await makeRule(t.db, w.connectionId, { groupId: `g-other-${i}`, order: 5 + i });
    const createdLater = await apply('oid-q2', 'quincy', 0);
    const unchangedLater = await apply('oid-q2', 'quincy', 1);

    // begin, rules, defaults, locks, records, employee, login, link, audit, outbox, mirror, commit
    expect(created).toBeLessThanOrEqual(12);
    // begin, rules, defaults, locks, records, link (S4.5), mirror, commit
    expect(unchanged).toBeLessThanOrEqual(8);
    expect(createdLater).toBe(created);
    expect(unchangedLater).toBe(unchanged);
  });
});
