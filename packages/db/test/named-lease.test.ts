import { sql } from 'kysely';
import { createTestDatabase, type TestDatabase } from '../src/testing';
import { withNamedLease } from '../src';

// F4: the guard around work that calls Graph is a lease row, not a session lock on a pooled connection.
let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ max: 1 });
});
afterAll(() => t?.destroy());

describe('withNamedLease', () => {
  it('F4 admits one holder at a time and holds no connection while its work runs', async () => {
    const outcome = await withNamedLease(t.db, 'subscription:c1:users', async () => {
      // the pool has one connection: a session lock held on it would make these wait forever
      const again = await withNamedLease(t.db, 'subscription:c1:users', async () => 'second');
      const other = await withNamedLease(t.db, 'subscription:c1:groups', async () => 'other name');
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(t.db);
      return { again, other, one: rows[0]?.one };
    });
    expect(outcome).toEqual({
      held: true,
      value: { again: { held: false }, other: { held: true, value: 'other name' }, one: 1 },
    });
    // released afterwards, also when the work threw
    await expect(
      withNamedLease(t.db, 'subscription:c1:users', async () => {
        throw new Error('Graph said no');
      }),
    ).rejects.toThrow('Graph said no');
    expect(await withNamedLease(t.db, 'subscription:c1:users', async () => 'free')).toEqual({
      held: true,
      value: 'free',
    });
  });

  it('F4 a holder that died frees the name once its lease expires (database time)', async () => {
    // a holder that never released: its row stays until expiry
    await sql`insert into named_leases (name, holder, expires_at)
      values ('subscription:c2:users', 'crashed', clock_timestamp() + interval '150 milliseconds')`.execute(
      t.db,
    );
    expect(await withNamedLease(t.db, 'subscription:c2:users', async () => 'early')).toEqual({ held: false });
    let taken = await withNamedLease(t.db, 'subscription:c2:users', async () => 'after expiry');
    while (!taken.held) {
      await sql`select pg_sleep(0.05)`.execute(t.db);
      taken = await withNamedLease(t.db, 'subscription:c2:users', async () => 'after expiry');
    }
    expect(taken).toEqual({ held: true, value: 'after expiry' });
  });
});
