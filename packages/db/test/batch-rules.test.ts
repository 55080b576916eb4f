import { sql } from 'kysely';
import type { DirectoryObservation, Trigger } from '@entra-sync/domain';
import { applyBatch, applyUsers, findLoginByUsername, loadSyncContext } from '../src';
import { createTestDatabase, makeEmployee, makeTicket, type TestDatabase } from '../src/testing';
import { at, syncWorld, type SyncWorld } from './support/sync-world';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.destroy();
});

const apply = (w: SyncWorld, observations: DirectoryObservation[], trigger: Trigger = 'change') =>
  applyUsers(t.db, {
    connectionId: w.connectionId,
    users: observations.map((observation) => ({ observation, trigger })),
  });

describe('applyUsers: users of one batch that interact', () => {
  it('S3.3 two users of one batch sharing an e-mail: the first gets the record, the second a conflict', async () => {
    const w = await syncWorld(t);
    const shared = w.email('bea');
    const [first, second] = await apply(w, [
      w.user('oid-bea-1', { mail: shared, userPrincipalName: w.email('bea1') }),
      w.user('oid-bea-2', { mail: shared, userPrincipalName: w.email('bea2') }),
    ]);
    expect(first?.plan.ops.map((op) => op.type)).toEqual(['create', 'setAccess', 'link']);
    expect(second?.plan.outcome).toBe('conflict');
    expect(second?.plan.ops).toEqual([
      expect.objectContaining({ type: 'conflict', recordId: first?.recordId }),
    ]);
    expect(second?.recordId).toBeNull();
    const rows = await t.db.selectFrom('employees').select('id').where('email', '=', shared).execute();
    expect(rows).toEqual([{ id: first?.recordId }]);
    expect(await w.link('oid-bea-2')).toBeNull();
    expect((await w.audit('oid-bea-2')).map((e) => e.action)).toEqual(['conflict']);
    expect(await findLoginByUsername(t.db, w.username('bea2'))).toBeNull();
  });

  it('S3.2 a user of the batch merges into the record another user of the same batch freed', async () => {
    const w = await syncWorld(t);
    await apply(w, [w.user('oid-cy', w.person('cy'), { at: at(0) })]);
    // cy's record takes a new e-mail; in the same batch, a new user with cy's old e-mail creates its own
    const [moved, fresh] = await apply(w, [
      w.user('oid-cy', { ...w.person('cy'), mail: w.email('cyrus') }, { at: at(1) }),
      w.user('oid-cy-2', { mail: w.email('cy'), userPrincipalName: w.email('cy2') }, { at: at(1) }),
    ]);
    expect(moved?.plan.ops.map((op) => op.type)).toEqual(['update']);
    expect(fresh?.plan.ops.map((op) => op.type)).toEqual(['create', 'setAccess', 'link']);
    expect(fresh?.recordId).not.toBe(moved?.recordId);
  });

  it('S3.1 S3.3 a record one link leaves is taken by a later link of the same batch', async () => {
    const w = await syncWorld(t);
    // the taker's object id sorts first, so only the plans' order keeps links_record_key satisfied
    const [left] = await apply(w, [w.user('oid-2-leaves', w.person('bee'), { groups: ['g-portal'] })]);
    await apply(w, [w.user('oid-1-takes', w.person('cee'))]);
    const [leaves, takes] = await apply(w, [
      w.user('oid-2-leaves', { ...w.person('bee'), mail: w.email('bee2') }, { at: at(1) }),
      w.user(
        'oid-1-takes',
        { mail: w.email('bee'), userPrincipalName: w.email('cee') },
        { groups: ['g-portal'], at: at(1) },
      ),
    ]);
    expect(leaves?.plan.ops.map((op) => op.type)).toEqual([
      'removePortalLogin',
      'create',
      'setAccess',
      'link',
    ]);
    expect(takes?.plan.ops.map((op) => op.type)).toEqual(['archive', 'merge', 'setAccess', 'link']);
    expect(takes?.recordId).toBe(left?.recordId);
    expect(await w.link('oid-1-takes')).toMatchObject({ kind: 'contact', recordId: left?.recordId });
    expect(await w.link('oid-2-leaves')).toMatchObject({ kind: 'employee', recordId: leaves?.recordId });
  });

  it('S6.2 an archive and the new contact in the same batch: the username moves to the portal contact', async () => {
    const w = await syncWorld(t);
    const pat = await makeEmployee(t.db, {
      email: w.email('pat'),
      login: { username: w.username('pat'), role: 'Technician', modules: ['tickets'] },
    });
    await makeTicket(t.db, { kind: 'employee', id: pat });
    await makeEmployee(t.db, { status: 'archived', login: { username: `${w.username('pat')}_Archived` } });
    const [staff, portal, switched] = await apply(w, [
      w.user('oid-lou', w.person('lou')),
      w.user('oid-pat', w.person('pat'), { groups: ['g-portal'] }),
      // lou's employee, created earlier in this batch, leaves the staff for the portal (D7)
      w.user('oid-lou', w.person('lou'), { groups: ['g-portal'], at: at(1) }),
    ]);
    expect(portal?.plan.ops.map((op) => op.type)).toEqual(['archive', 'create', 'setAccess', 'link']);
    expect(await w.employee(pat)).toMatchObject({
      status: 'archived',
      email: `${w.email('pat')}_Archived2`,
      login: { username: `${w.username('pat')}_Archived2`, enabled: false },
      hasRelationalData: true,
    });
    expect(await w.contact(portal?.recordId ?? '')).toMatchObject({
      email: w.email('pat'),
      portalAccess: true,
      login: { username: w.username('pat'), enabled: true, role: 'Portal User' },
    });
    expect(switched?.plan.ops.map((op) => op.type)).toEqual(['archive', 'create', 'setAccess', 'link']);
    expect(await w.employee(staff?.recordId ?? '')).toMatchObject({
      status: 'archived',
      login: { username: `${w.username('lou')}_Archived` },
    });
    expect(await findLoginByUsername(t.db, w.username('lou'))).toMatchObject({
      kind: 'contact',
      recordId: switched?.recordId,
    });
    const topics = await t.db
      .selectFrom('outbox')
      .select('topic')
      .where(sql`payload->>'connectionId'`, '=', w.connectionId)
      .orderBy('id')
      .execute();
    expect(topics.map((r) => r.topic)).toEqual([
      'employee.created',
      'employee.access_changed',
      'employee.archived',
      'contact.created',
      'contact.access_changed',
      'employee.archived',
      'contact.created',
      'contact.access_changed',
    ]);
  });

  it('S4.4 re-applying the same batch writes nothing: no row, no audit, no outbox, no transaction id', async () => {
    const w = await syncWorld(t);
    await makeEmployee(t.db, { email: w.email('u3') });
    const users = Array.from({ length: 40 }, (_, i) =>
      w.user(`oid-u${i}`, w.person(`u${i}`), { groups: i % 3 === 0 ? ['g-portal'] : ['g-staff'] }),
    );
    users.push(w.user('oid-dup', { mail: w.email('u5'), userPrincipalName: w.email('dup') }));
    const first = await apply(w, users);
    expect(first.filter((r) => r.changed)).toHaveLength(40);
    const before = await w.counts();

    for (const trigger of ['change', 'reconcile'] as const) {
      const { results, xid } = await t.db.transaction().execute(async (trx) => {
        const context = await loadSyncContext(trx, w.connectionId);
        const applied = await applyBatch(
          trx,
          context,
          users.map((observation) => ({ observation, trigger })),
        );
        const { rows } = await sql<{
          xid: string | null;
        }>`select pg_current_xact_id_if_assigned() as xid`.execute(trx);
        return { results: applied, xid: rows[0]?.xid };
      });
      expect(results.filter((r) => r.changed)).toEqual([]);
      expect(xid).toBeNull();
    }
    expect(await w.counts()).toEqual(before);
  });
});
