import { sql } from 'kysely';
import { updateEmployee } from '../src';
import { createTestDatabase, type TestDatabase } from '../src/testing';
import { at, syncWorld } from './support/sync-world';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.destroy();
});

const updatedAt = async (id: string) =>
  (await t.db.selectFrom('employees').select('updated_at').where('id', '=', id).executeTakeFirstOrThrow())
    .updated_at;

describe('syncUser updates (S4)', () => {
  it('S4.3 a change overwrites local edits of mapped fields; a reconcile of an unchanged user writes nothing', async () => {
    const w = await syncWorld(t);
    const { recordId } = await w.sync(w.user('oid-u', w.person('uma'), { at: at(0) }));
    const id = recordId ?? '';
    await updateEmployee(t.db, id, { firstName: 'Locally', mobilePhone: null });
    const before = await w.counts();

    const reconcile = await w.sync(w.user('oid-u', w.person('uma'), { at: at(1) }), 'reconcile');
    expect(reconcile.plan.outcome).toBe('unchanged');
    expect(await w.counts()).toEqual(before);
    expect(await w.employee(id)).toMatchObject({ firstName: 'Locally', mobilePhone: null });

    // an unmapped property changed: still "the user changed" (S2.2), mapped fields written again
    const change = await w.sync(w.user('oid-u', w.person('uma'), { at: at(2) }), 'change');
    expect(change.plan.ops.map((op) => op.type)).toEqual(['update']);
    expect(await w.employee(id)).toMatchObject({ firstName: 'Jane', mobilePhone: '+1 555 0101' });
    const [entry] = await w.audit('oid-u');
    expect(entry).toMatchObject({
      action: 'update',
      before: { firstName: 'Locally', mobilePhone: null },
      after: { firstName: 'Jane', mobilePhone: '+1 555 0101' },
    });
  });

  it('S2.4 a value cleared in the directory clears the record field', async () => {
    const w = await syncWorld(t);
    const { recordId } = await w.sync(w.user('oid-clear', w.person('cleo'), { at: at(0) }));
    await w.sync(
      w.user('oid-clear', { ...w.person('cleo'), jobTitle: null, businessPhones: [] }, { at: at(1) }),
    );
    expect(await w.employee(recordId ?? '')).toMatchObject({ jobTitle: null, officePhone: null });
  });

  it('S4.4 applying the same change twice changes no record and writes no audit or outbox rows', async () => {
    const w = await syncWorld(t);
    const observation = w.user('oid-twice', w.person('tim'), { at: at(0) });
    const first = await w.sync(observation);
    expect(first.changed).toBe(true);
    const stamp = await updatedAt(first.recordId ?? '');
    const before = await w.counts();

    for (const trigger of ['change', 'change', 'reconcile'] as const) {
      const again = await w.sync(observation, trigger);
      expect(again.changed).toBe(false);
      expect(again.plan.outcome).toBe('unchanged');
      expect(again.recordId).toBe(first.recordId);
    }
    expect(await w.counts()).toEqual(before);
    expect(await updatedAt(first.recordId ?? '')).toEqual(stamp);
  });

  it('S4.5 an older state never overwrites a newer one, and unchanged applies still advance the link', async () => {
    const w = await syncWorld(t);
    const newer = await w.sync(
      w.user('oid-old', { ...w.person('olga'), jobTitle: 'Director' }, { at: at(60) }),
    );
    const before = await w.counts();
    const stale = await w.sync(
      w.user('oid-old', { ...w.person('olga'), jobTitle: 'Trainee' }, { at: at(30) }),
    );
    expect(stale.plan.outcome).toBe('stale');
    expect(stale.changed).toBe(false);
    expect(await w.counts()).toEqual(before);
    expect((await w.employee(newer.recordId ?? ''))?.jobTitle).toBe('Director');
    expect((await w.link('oid-old'))?.lastObservedAt).toEqual(at(60));

    // the same state seen later: nothing written, but the link remembers the newer observation
    const seen = await w.sync(
      w.user('oid-old', { ...w.person('olga'), jobTitle: 'Director' }, { at: at(90) }),
    );
    expect(seen.changed).toBe(false);
    expect((await w.link('oid-old'))?.lastObservedAt).toEqual(at(90));
    const late = await w.sync(
      w.user('oid-old', { ...w.person('olga'), jobTitle: 'Trainee' }, { at: at(75) }),
    );
    expect(late.plan.outcome).toBe('stale');
    expect((await w.employee(newer.recordId ?? ''))?.jobTitle).toBe('Director');

    const mirror = await t.db
      .selectFrom('directory_users')
      .select(['observed_at', sql<string>`fields->>'jobTitle'`.as('job_title')])
      .where('connection_id', '=', w.connectionId)
      .where('object_id', '=', 'oid-old')
      .executeTakeFirstOrThrow();
    expect(mirror).toEqual({ observed_at: at(90), job_title: 'Director' });
  });

  it('S9 each record change is one outbox event in the same transaction', async () => {
    const w = await syncWorld(t);
    const { recordId } = await w.sync(w.user('oid-out', w.person('otto'), { at: at(0) }));
    await w.sync(w.user('oid-out', { ...w.person('otto'), jobTitle: 'Lead' }, { at: at(1) }));
    const events = await t.db
      .selectFrom('outbox')
      .select(['topic', 'payload', 'xid'])
      .where(sql`payload->>'recordId'`, '=', recordId)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.topic)).toEqual([
      'employee.created',
      'employee.access_changed',
      'employee.updated',
    ]);
    expect(events[2]?.payload).toMatchObject({ objectId: 'oid-out', changes: { jobTitle: 'Lead' } });
    expect(events[0]?.xid).toBe(events[1]?.xid);
    expect(events[2]?.xid).not.toBe(events[1]?.xid);
  });
});
