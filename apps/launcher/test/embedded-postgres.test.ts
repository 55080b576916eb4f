import pg from 'pg';
import {
  createContact,
  createDb,
  databaseNow,
  getLink,
  listContacts,
  listEmployees,
  migrateToLatest,
  syncUser,
  withNamedLease,
  type Db,
} from '@entra-sync/db';
import {
  makeAccount,
  makeConnection,
  makeRule,
  presentObservation,
  saveDefaults,
} from '@entra-sync/db/testing';
import { REPO_ROOT } from '../src/paths';
import {
  startEmbeddedPostgresProcess,
  type EmbeddedPostgresProcess,
} from '../src/postgres/embedded-postgres.process';

// One PGlite for the file, as the launcher runs it (its own process): it takes seconds to boot (WebAssembly).
let epg: EmbeddedPostgresProcess;
let db: Db;
const output: string[] = [];

beforeAll(async () => {
  epg = await startEmbeddedPostgresProcess({
    dataDir: null,
    cwd: REPO_ROOT,
    print: (line) => output.push(line),
  });
  db = createDb(epg.url, { max: 1 });
}, 120_000);

afterAll(async () => {
  await db?.destroy();
  if (epg) expect(await epg.child.stop()).toEqual({ code: 0, signal: null });
});

async function client(): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: epg.url });
  c.on('error', () => undefined);
  await c.connect();
  return c;
}

describe('embedded Postgres (PGlite behind pglite-socket and the session multiplexer)', () => {
  it('runs the real migrations and the Postgres features they rely on', async () => {
    const applied = await migrateToLatest(db);
    expect(applied.map((r) => r.status)).toEqual(applied.map(() => 'Success'));
    expect(applied.length).toBeGreaterThanOrEqual(4);
    expect(await migrateToLatest(db)).toEqual([]);

    const c = await client();
    try {
      const { rows } = await c.query<{ xid: string; id: string; at: Date; locked: boolean }>(
        `select pg_current_xact_id()::text as xid, gen_random_uuid()::text as id,
                '2026-01-02T03:04:05.678912Z'::timestamptz(3) as at, pg_try_advisory_lock(42) as locked`,
      );
      expect(rows[0]?.xid).toMatch(/^\d+$/);
      expect(rows[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(rows[0]?.at.toISOString()).toBe('2026-01-02T03:04:05.679Z');
      expect(rows[0]?.locked).toBe(true);
      await c.query('select pg_advisory_unlock(42)');
      const root = await c.query(`select username from logins where username = 'admin'`);
      expect(root.rowCount).toBe(1);
    } finally {
      await c.end();
    }
  });

  it('S3.2 applies one directory user through syncUser: the e-mail match merges and keeps the record id', async () => {
    await saveDefaults(db);
    const connectionId = await makeConnection(db);
    const accountId = await makeAccount(db);
    await makeRule(db, connectionId, { groupId: 'g-customers', target: 'contact', accountId });
    const recordId = await createContact(db, {
      accountId,
      firstName: 'Ada',
      email: ' ADA@fabrikam.example ',
    });

    const observation = presentObservation(
      'oid-ada',
      {
        givenName: 'Ada',
        surname: 'Lovelace',
        mail: 'ada@fabrikam.example',
        userPrincipalName: 'ada@fabrikam.example',
      },
      { groups: ['g-customers'], at: new Date('2026-11-23T10:00:00.000Z') },
    );
    const result = await syncUser(db, { connectionId, observation, trigger: 'change' });

    expect(result.recordId).toBe(recordId);
    expect(result.plan.ops.map((op) => op.type)).toContain('merge');
    const [contact] = await listContacts(db, { email: 'ada@fabrikam.example' });
    expect(contact).toMatchObject({ id: recordId, lastName: 'Lovelace', accountId });
    expect(await getLink(db, connectionId, 'oid-ada')).toMatchObject({ recordId, kind: 'contact' });
    expect(await listEmployees(db, { email: 'ada@fabrikam.example' })).toEqual([]);
  });

  it('keeps concurrent clients apart: parameterised queries and transactions never interleave', async () => {
    const setup = await client();
    await setup.query('create table mux_probe (id serial primary key, k int not null, v text not null)');
    const wrong: string[] = [];
    const transactions = async (k: number) => {
      const c = await client();
      for (let i = 0; i < 40; i++) {
        await c.query('begin');
        await c.query('insert into mux_probe (k, v) values ($1, $2)', [k, `v${i}`]);
        const seen = await c.query<{ n: number }>('select count(*)::int as n from mux_probe where k = $1', [
          k,
        ]);
        // rolled-back rows (every 5th) must never be visible to anyone
        const committed = i - Math.ceil(i / 5);
        if (seen.rows[0]?.n !== committed + 1) wrong.push(`k${k} i${i} saw ${seen.rows[0]?.n}`);
        if (i % 5 === 0) {
          await expect(c.query('select 1 / 0 where $1::int = 1', [1])).rejects.toThrow(/division by zero/);
          await c.query('rollback');
        } else await c.query('commit');
      }
      await c.end();
    };
    const statements = async (k: number) => {
      const c = await client();
      for (let i = 0; i < 120; i++) {
        const r =
          i % 2 === 0
            ? await c.query<{ a: number }>('select $1::int as a', [i])
            : await c.query<{ a: number; b: string }>('select $1::int as a, $2::text as b', [i, `c${k}`]);
        if (r.rows[0]?.a !== i) wrong.push(`client ${k} query ${i} got ${JSON.stringify(r.rows[0])}`);
      }
      await c.end();
    };
    await Promise.all([transactions(1), transactions(2), statements(3), statements(4)]);
    expect(wrong).toEqual([]);
    const counts = await setup.query<{ k: number; n: number }>(
      'select k, count(*)::int as n from mux_probe group by k order by k',
    );
    expect(counts.rows).toEqual([
      { k: 1, n: 32 },
      { k: 2, n: 32 },
    ]);
    await setup.end();
  });

  it('rolls back the transaction of a client that disconnects in the middle of it', async () => {
    const setup = await client();
    await setup.query('create table mux_orphan (v text)');
    const dying = await client();
    await dying.query('begin');
    await dying.query('insert into mux_orphan (v) values ($1)', ['ghost']);
    (dying as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    const { rows } = await setup.query<{ n: number }>('select count(*)::int as n from mux_orphan');
    expect(rows[0]?.n).toBe(0);
    await setup.query('insert into mux_orphan (v) values ($1)', ['kept']);
    expect((await setup.query('select v from mux_orphan')).rows).toEqual([{ v: 'kept' }]);
    await setup.end();
    expect(epg.child.running).toBe(true);
    expect(output.filter((line) => /fail|error/i.test(line))).toEqual([]);
  });

  it('F2 F4 F5 accepts the bounds createDb sends; database time and named leases work on the one session', async () => {
    const bounded = createDb(epg.url, { max: 1, timeouts: { statementMs: 2000, lockMs: 1000 } });
    try {
      const first = await databaseNow(bounded);
      const second = await databaseNow(db);
      expect(second.getTime()).toBeGreaterThanOrEqual(first.getTime());
      const lease = await withNamedLease(bounded, 'subscription:demo:users', async () =>
        // the second pool reaches the database while the lease is held: no session is kept for it
        withNamedLease(db, 'subscription:demo:users', async () => 'twice'),
      );
      expect(lease).toEqual({ held: true, value: { held: false } });
    } finally {
      await bounded.destroy();
    }
  });
});
