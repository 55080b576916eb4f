import pg from 'pg';
import { sql } from 'kysely';
import { applyInBatches, applyUsers, findLoginByUsername } from '../src';
import { createTestDatabase, type TestDatabase } from '../src/testing';
import { at, syncWorld } from './support/sync-world';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.destroy();
});

describe('applyUsers: errors, defence and batching', () => {
  it('B2 F1 a writer that bypasses the locks meets the unique index: the batch rolls back whole and its retry reads again and merges', async () => {
    const w = await syncWorld(t);
    const racer = new pg.Client({ connectionString: t.url });
    await racer.connect();
    try {
      await racer.query('begin');
      const { rows } = await racer.query<{ id: string }>(
        `insert into employees (first_name, last_name, department, location, time_zone) values ('R', 'Acer', 'Ops', 'HQ', 'UTC') returning id`,
      );
      await racer.query(`insert into logins (username, employee_id) values ($1, $2)`, [
        w.username('zed'),
        rows[0]?.id,
      ]);
      const batch = applyUsers(t.db, {
        connectionId: w.connectionId,
        users: [w.user('oid-amy', w.person('amy')), w.user('oid-zed', w.person('zed'))].map(
          (observation) => ({
            observation,
            trigger: 'change' as const,
          }),
        ),
      });
      // the batch loaded before the racer commits and waits on its uncommitted login
      for (let i = 0; i < 100; i += 1) {
        const waiting = await sql<{ n: number }>`
          select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(
          t.db,
        );
        if ((waiting.rows[0]?.n ?? 0) > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await racer.query('commit');
      const applied = await batch;
      // the retry saw the racer's login: zed is synced without one (D9), not given the racer's
      const zed = applied.find((a) => a.objectId === 'oid-zed');
      expect(zed?.effects.map((e) => e.action)).toContain('conflict');
      expect(zed?.recordId).not.toBe(rows[0]?.id);
    } finally {
      await racer.end();
    }
    expect(await findLoginByUsername(t.db, w.username('zed'))).toMatchObject({ kind: 'employee' });
    // nothing of the rolled-back attempt remains: amy was created, linked and audited once
    expect(await findLoginByUsername(t.db, w.username('amy'))).toMatchObject({ kind: 'employee' });
    expect((await w.audit('oid-amy')).filter((e) => e.action === 'create')).toHaveLength(1);
    expect(await w.link('oid-amy')).not.toBeNull();
  });

  it('S2.3 D18 an error user does not stop the batch, and a re-apply does not log the same error again', async () => {
    const w = await syncWorld(t);
    await sql`update employee_defaults set department = null`.execute(t.db);
    try {
      const users = [
        w.user('oid-ok', w.person('oki'), { groups: ['g-portal'] }),
        w.user('oid-err', w.person('erin')),
      ].map((observation) => ({ observation, trigger: 'reconcile' as const }));
      const [ok, failed] = await applyUsers(t.db, { connectionId: w.connectionId, users });
      expect(ok?.plan.outcome).toBe('changed');
      expect(failed?.plan.outcome).toBe('error');
      expect(failed?.changed).toBe(false);
      expect((await w.audit('oid-err')).map((e) => e.action)).toEqual(['error']);
      const again = await applyUsers(t.db, { connectionId: w.connectionId, users });
      expect(again.map((r) => r.plan.outcome)).toEqual(['unchanged', 'error']);
      expect((await w.audit('oid-err')).map((e) => e.action)).toEqual(['error']);
      expect(await w.link('oid-err')).toBeNull();
    } finally {
      await sql`update employee_defaults set department = 'Service Desk'`.execute(t.db);
    }
  });

  it('S4.5 one object several times in a batch: applied in order as separate transactions, the older state never wins', async () => {
    const w = await syncWorld(t);
    const results = await applyUsers(t.db, {
      connectionId: w.connectionId,
      users: [
        w.user('oid-twice', { ...w.person('tia'), jobTitle: 'old' }, { at: at(1) }),
        w.user('oid-twice', { ...w.person('tia'), jobTitle: 'new' }, { at: at(5) }),
        w.user('oid-twice', { ...w.person('tia'), jobTitle: 'older' }, { at: at(3) }),
      ].map((observation) => ({ observation, trigger: 'change' as const })),
    });
    expect(results.map((r) => r.plan.outcome)).toEqual(['changed', 'changed', 'stale']);
    expect(await w.employee(results[0]?.recordId ?? '')).toMatchObject({ jobTitle: 'new' });
    // D18 tells applies apart by transaction: each occurrence got its own
    const xids = await sql<{ n: number }>`
      select count(distinct xid)::int as n from audit_log where object_id = 'oid-twice'`.execute(t.db);
    expect(xids.rows[0]?.n).toBe(2);
  });

  it('applyInBatches returns every user in input order and reports each committed batch', async () => {
    const w = await syncWorld(t);
    const users = Array.from({ length: 23 }, (_, i) => ({
      observation: w.user(`oid-n${i}`, w.person(`n${i}`)),
      trigger: 'change' as const,
    }));
    const reported: number[] = [];
    const results = await applyInBatches(t.db, {
      connectionId: w.connectionId,
      users,
      batchSize: 5,
      inFlight: 3,
      onBatch: (applied) => void reported.push(applied.length),
    });
    expect(results.map((r) => r.objectId)).toEqual(users.map((u) => u.observation.objectId));
    expect(results.every((r) => r.changed && r.recordId !== null)).toBe(true);
    expect(reported.sort()).toEqual([3, 5, 5, 5, 5]);
    expect((await w.counts()).links).toBeGreaterThanOrEqual(23);
  });
  it('applyInBatches with retain: false hands every batch to onBatch and keeps nothing', async () => {
    const w = await syncWorld(t);
    const users = Array.from({ length: 12 }, (_, i) => ({
      observation: w.user(`oid-r${i}`, w.person(`r${i}`)),
      trigger: 'change' as const,
    }));
    const seen: string[] = [];
    const results = await applyInBatches(t.db, {
      connectionId: w.connectionId,
      users,
      batchSize: 5,
      retain: false,
      onBatch: (applied) => void seen.push(...applied.map((a) => a.objectId)),
    });
    expect(results).toEqual([]);
    expect(seen.sort()).toEqual(users.map((u) => u.observation.objectId).sort());
  });

  it('applyInBatches reads its users one batch at a time from any iterable', async () => {
    const w = await syncWorld(t);
    let built = 0;
    function* users() {
      for (let i = 0; i < 12; i += 1) {
        built += 1;
        yield { observation: w.user(`oid-l${i}`, w.person(`l${i}`)), trigger: 'change' as const };
      }
    }
    const builtWhenApplied: number[] = [];
    const results = await applyInBatches(t.db, {
      connectionId: w.connectionId,
      users: users(),
      batchSize: 5,
      inFlight: 1,
      onBatch: () => void builtWhenApplied.push(built),
    });
    expect(results.map((r) => r.objectId)).toEqual(Array.from({ length: 12 }, (_, i) => `oid-l${i}`));
    expect(builtWhenApplied).toEqual([5, 10, 12]);
  });

  it('applyInBatches starts no batch after one failed, and fails once the batches in flight have ended', async () => {
    const w = await syncWorld(t);
    const users = Array.from({ length: 12 }, (_, i) => ({
      observation: w.user(`oid-f${i}`, w.person(`f${i}`)),
      trigger: 'change' as const,
    }));
    let batches = 0;
    const run = applyInBatches(t.db, {
      connectionId: w.connectionId,
      users,
      batchSize: 2,
      inFlight: 2,
      onBatch: () => {
        batches += 1;
        if (batches === 1) throw new Error('progress store down');
      },
    });
    await expect(run).rejects.toThrow('progress store down');
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from links where connection_id = ${w.connectionId}`.execute(t.db);
    // the failed batch and the one in flight beside it committed (2 users each); nothing started after
    expect(rows[0]?.n).toBe(4);
  });
});
