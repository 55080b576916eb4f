import { sql } from 'kysely';
import type { DirectoryObservation } from '@entra-sync/domain';
import { applyUsers, createDb, type Db, syncUser } from '../src';
import { createTestDatabase, type TestDatabase } from '../src/testing';
import { at, syncWorld } from './support/sync-world';

let t: TestDatabase;
let pool: Db;
beforeAll(async () => {
  t = await createTestDatabase();
  pool = createDb(t.url, { max: 16 });
});
afterAll(async () => {
  await pool.destroy();
  await t.destroy();
});

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

describe('applyUsers under concurrency', () => {
  it('S3.3 B2 overlapping batches and single applies racing end in one record, link and login per person', async () => {
    const w = await syncWorld(t);
    const people = Array.from({ length: 60 }, (_, i) => `p${i}`);
    // three directory users per person (same e-mail, own UPN) and a newer observation of the first one
    const observe = (prefix: string, person: string, seconds: number): DirectoryObservation =>
      w.user(
        `${prefix}-${person}`,
        { mail: w.email(person), userPrincipalName: w.email(`${prefix}${person}`), jobTitle: `t${seconds}` },
        { at: at(seconds) },
      );
    const a = people.map((p) => observe('a', p, 0));
    const b = [...people].reverse().map((p) => observe('b', p, 0));
    const later = people.map((p) => observe('a', p, 5));
    const single = people.filter((_, i) => i % 4 === 0).map((p) => observe('s', p, 0));

    const batches = [...chunks(a, 25), ...chunks(b, 20), ...chunks(later, 30)].map((users) =>
      applyUsers(pool, {
        connectionId: w.connectionId,
        users: users.map((observation) => ({ observation, trigger: 'change' as const })),
      }),
    );
    const singles = single.map((observation) =>
      syncUser(pool, { connectionId: w.connectionId, observation, trigger: 'change' }),
    );
    const settled = await Promise.allSettled([...batches, ...singles]);
    expect(settled.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : []))).toEqual([]);

    const { rows } = await sql<{ email: string; records: number; links: number; logins: number }>`
      select lower(e.email) as email, count(distinct e.id)::int as records, count(distinct k.object_id)::int as links,
             count(distinct l.id)::int as logins
      from employees e
      left join links k on k.kind = 'employee' and k.record_id = e.id
      left join logins l on l.employee_id = e.id
      where lower(e.email) like ${`%.${w.username('x').split('.')[1]}@contoso.com`}
      group by lower(e.email) order by 1`.execute(t.db);
    expect(rows).toHaveLength(people.length);
    expect(rows.filter((r) => r.records !== 1 || r.links !== 1 || r.logins !== 1)).toEqual([]);

    // every other directory user of a person logged one conflict and has no link
    const links = await t.db
      .selectFrom('links')
      .select('object_id')
      .where('connection_id', '=', w.connectionId)
      .execute();
    const conflicts = await t.db
      .selectFrom('audit_log')
      .select(['object_id', 'action'])
      .where('connection_id', '=', w.connectionId)
      .where('action', '=', 'conflict')
      .execute();
    const linked = new Set(links.map((l) => l.object_id));
    const everyone = new Set([...a, ...b, ...single].map((o) => o.objectId));
    expect(linked.size + new Set(conflicts.map((c) => c.object_id)).size).toBe(everyone.size);
    expect(conflicts.filter((c) => linked.has(c.object_id ?? ''))).toEqual([]);
  });
});
