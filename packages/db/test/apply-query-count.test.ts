import { applyUsers, createDb, type Db, syncUser } from '../src';
import { createTestDatabase, makeEmployee, makeRule, type TestDatabase } from '../src/testing';
import { at, syncWorld } from './support/sync-world';

// The apply costs a constant number of statements, however many users a batch carries and however many
// records, rules or users exist, so a 100k-user initial sync scales linearly.

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

describe('apply statement count: a batch', () => {
  it('a batch of 10 and a batch of 300 users cost the same number of statements', async () => {
    const w = await syncWorld(t);
    const seed = async (prefix: string, size: number) => {
      for (let i = 0; i < size; i += 10) await makeEmployee(t.db, { email: w.email(`${prefix}${i}`) });
    };
    const apply = async (prefix: string, size: number, seconds: number) => {
      const users = Array.from({ length: size }, (_, i) => ({
        observation: w.user(`oid-${prefix}${i}`, w.person(`${prefix}${i}`), {
          groups: i % 5 === 0 ? ['g-portal'] : ['g-staff'],
          at: at(seconds),
        }),
        trigger: 'change' as const,
      }));
      queries = [];
      await applyUsers(counted, { connectionId: w.connectionId, users });
      return queries.length;
    };
    await seed('s', 10);
    await seed('l', 300);
    const small = await apply('s', 10, 0);
    const large = await apply('l', 300, 0);
    // begin, rules, defaults, locks, records, archive names, 2 inserts, logins, links, notes?, audit, outbox,
    // mirror, commit
    expect(small).toBeLessThanOrEqual(16);
    expect(large).toBe(small);
    const unchanged = await apply('l', 300, 0);
    // begin, rules, defaults, locks, records, archive names, mirror, commit
    expect(unchanged).toBeLessThanOrEqual(8);
  });
});

describe('apply statement count: one user', () => {
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
