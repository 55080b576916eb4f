import { applyUsers, createDb, type Db } from '../src';
import { createTestDatabase, makeEmployee, type TestDatabase } from '../src/testing';
import { at, syncWorld } from './support/sync-world';

// A batch costs a constant number of statements, however many users it carries.

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

describe('applyUsers statement count', () => {
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
