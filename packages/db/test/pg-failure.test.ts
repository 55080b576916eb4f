import { sql } from 'kysely';
import pg from 'pg';
import { PrivatePostgres } from '@entra-sync/test-infra';
import { classifyPostgresError, createDb, type Db } from '../src';

// F1: each Postgres failure is classified by cause, on the errors real Postgres and node-postgres raise.
const FAST = { statementMs: 1000, lockMs: 500 };

async function failureOf(work: () => Promise<unknown>) {
  try {
    await work();
  } catch (err) {
    return classifyPostgresError(err);
  }
  throw new Error('expected the work to fail');
}

const untilBackend = async (cluster: PrivatePostgres, app: string) => {
  for (;;) {
    const rows = await cluster.query<{ pid: number }>(
      `select pid from pg_stat_activity where application_name = $1 and state = 'active'`,
      [app],
    );
    if (rows[0]) return rows[0].pid;
    await new Promise((resolve) => setImmediate(resolve));
  }
};

describe('classifyPostgresError on a private cluster', () => {
  let cluster: PrivatePostgres;
  let db: Db;
  beforeAll(async () => {
    cluster = await PrivatePostgres.start({
      settings: { max_connections: 8, superuser_reserved_connections: 0 },
    });
    db = createDb(cluster.url(), { max: 4, timeouts: FAST });
  }, 60_000);
  afterAll(async () => {
    await db?.destroy();
    await cluster?.destroy();
  });

  it('F1 a terminated backend (57P01) is unavailable', async () => {
    const victim = createDb(cluster.url(), { max: 1, applicationName: 'f1-victim', timeouts: FAST });
    const running = failureOf(() => sql`select pg_sleep(0.9)`.execute(victim));
    await untilBackend(cluster, 'f1-victim');
    expect(await cluster.terminateBackends('f1-victim')).toBe(1);
    expect(await running).toMatchObject({ kind: 'unavailable', code: '57P01' });
    await victim.destroy();
  });

  it('F1 a backend killed mid-query is "Connection terminated unexpectedly": unavailable', async () => {
    const victim = createDb(cluster.url(), { max: 1, applicationName: 'f1-killed', timeouts: FAST });
    const running = failureOf(() => sql`select pg_sleep(0.9)`.execute(victim));
    process.kill(await untilBackend(cluster, 'f1-killed'), 'SIGKILL');
    expect(await running).toMatchObject({
      kind: 'unavailable',
      code: 'connection-terminated',
      message: 'Connection terminated unexpectedly',
    });
    await victim.destroy();
    // the postmaster reinitialises after a killed backend; wait until it accepts again
    for (;;) {
      try {
        await sql`select 1`.execute(db);
        break;
      } catch (err) {
        expect(classifyPostgresError(err)?.kind).toBe('unavailable');
      }
    }
  }, 30_000);

  it('F1 too many connections (53300) is unavailable', async () => {
    const held: pg.Client[] = [];
    try {
      const failure = await failureOf(async () => {
        for (let i = 0; i < 20; i += 1) {
          const client = new pg.Client({ connectionString: cluster.url() });
          client.on('error', () => undefined);
          held.push(client);
          await client.connect();
        }
      });
      // the raw client is not ours: only its SQLSTATE tells, which is enough
      expect(failure).toMatchObject({ kind: 'unavailable', code: '53300' });
      const viaPool = createDb(cluster.url(), { max: 1, timeouts: FAST });
      expect(await failureOf(() => sql`select 1`.execute(viaPool))).toMatchObject({
        kind: 'unavailable',
        code: '53300',
      });
      await viaPool.destroy();
    } finally {
      await Promise.all(held.map((c) => c.end().catch(() => undefined)));
    }
  });

  it('F1 a statement past DB_STATEMENT_TIMEOUT_MS (57014) is a timeout', async () => {
    expect(await failureOf(() => sql`select pg_sleep(3)`.execute(db))).toMatchObject({
      kind: 'timeout',
      code: '57014',
    });
  });

  it('F1 a lock wait past DB_LOCK_TIMEOUT_MS (55P03) is contention, advisory locks included', async () => {
    await db.transaction().execute(async (holder) => {
      await sql`select pg_advisory_xact_lock(4242)`.execute(holder);
      expect(await failureOf(() => sql`select pg_advisory_xact_lock(4242)`.execute(db))).toMatchObject({
        kind: 'contention',
        code: '55P03',
      });
    });
  });

  it('F1 a refused connection (the cluster is down) is unavailable, then a hung one times out', async () => {
    await cluster.shutdown('fast');
    const down = createDb(cluster.url(), { max: 1, timeouts: FAST });
    expect(await failureOf(() => sql`select 1`.execute(down))).toMatchObject({
      kind: 'unavailable',
      code: 'ECONNREFUSED',
    });
    await down.destroy();
    await cluster.boot();

    const hung = createDb(cluster.url(), { max: 1, timeouts: FAST });
    await sql`select 1`.execute(hung); // a pooled client that will get no answer
    cluster.freeze();
    try {
      expect(await failureOf(() => sql`select 1`.execute(hung))).toMatchObject({
        kind: 'timeout',
        code: 'query-read-timeout',
      });
      const fresh = createDb(cluster.url(), { max: 1, timeouts: FAST });
      expect(await failureOf(() => sql`select 1`.execute(fresh))).toMatchObject({
        kind: 'unavailable',
        code: 'connect-timeout',
      });
      await fresh.destroy();
    } finally {
      cluster.thaw();
    }
    // the client that got no answer was closed, not returned: the pool opens a new one
    const { rows } = await sql<{ one: number }>`select 1 as one`.execute(hung);
    expect(rows).toEqual([{ one: 1 }]);
    await hung.destroy();
  }, 30_000);

  it('F1 a server shutting down refuses new sessions (57P03): unavailable', async () => {
    const lingering = new pg.Client({ connectionString: cluster.url() });
    lingering.on('error', () => undefined);
    await lingering.connect();
    process.kill(cluster.pid, 'SIGTERM'); // smart shutdown: waits for sessions, refuses new ones
    const late = createDb(cluster.url(), { max: 1, timeouts: FAST });
    let failure = await failureOf(() => sql`select 1`.execute(late)).catch(() => null);
    while (failure?.code !== '57P03') {
      // the postmaster may not have read the signal yet
      expect(failure).toBeNull();
      failure = await failureOf(() => sql`select 1`.execute(late)).catch(() => null);
    }
    expect(failure).toMatchObject({ kind: 'unavailable', code: '57P03' });
    await late.destroy();
    await lingering.end();
  }, 30_000);
});

describe('classifyPostgresError on the shared server', () => {
  let a: Db;
  let b: Db;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const { createTestDatabase } = await import('../src/testing');
    const t = await createTestDatabase({ max: 4 });
    a = t.db;
    b = createDb(t.url, { max: 2 });
    await sql`create table f1 (id int primary key, n int)`.execute(a);
    await sql`insert into f1 values (1, 0), (2, 0)`.execute(a);
    cleanup = async () => {
      await b.destroy();
      await t.destroy();
    };
  });
  afterAll(() => cleanup?.());

  it('F1 a deadlock (40P01) is contention', async () => {
    const failures = await Promise.allSettled(
      [
        [1, 2],
        [2, 1],
      ].map(([first, second], i) =>
        (i === 0 ? a : b).transaction().execute(async (trx) => {
          await sql`update f1 set n = n + 1 where id = ${first}`.execute(trx);
          await sql`select pg_sleep(0.2)`.execute(trx);
          await sql`update f1 set n = n + 1 where id = ${second}`.execute(trx);
        }),
      ),
    );
    const rejected = failures.flatMap((f) => (f.status === 'rejected' ? [f.reason] : []));
    expect(rejected).toHaveLength(1);
    expect(classifyPostgresError(rejected[0])).toMatchObject({ kind: 'contention', code: '40P01' });
  });

  it('F1 a serialization failure (40001) is contention', async () => {
    const failure = await failureOf(() =>
      a
        .transaction()
        .setIsolationLevel('serializable')
        .execute(async (trx) => {
          await sql`select n from f1 where id = 1`.execute(trx);
          await sql`update f1 set n = n + 1 where id = 1`.execute(b);
          await sql`update f1 set n = n + 1 where id = 1`.execute(trx);
        }),
    );
    expect(failure).toMatchObject({ kind: 'contention', code: '40001' });
  });

  it('F1 a unique violation (23505) is a race; other refusals are permanent; errors not Postgres are not classified', async () => {
    expect(await failureOf(() => sql`insert into f1 values (1, 0)`.execute(a))).toMatchObject({
      kind: 'race',
      code: '23505',
    });
    expect(await failureOf(() => sql`select * from no_such_table`.execute(a))).toMatchObject({
      kind: 'permanent',
      code: '42P01',
    });
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' });
    expect(classifyPostgresError(refused)).toBeNull(); // a Graph call's socket error is not ours to judge
    expect(classifyPostgresError(new Error('Connection terminated unexpectedly'))).toBeNull();
  });
});
