import { createTestDatabase, makeTicket, makeInvoice, type TestDatabase } from '../src/testing';
import { at, syncWorld } from './support/sync-world';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.destroy();
});

describe('syncUser deactivation (S5)', () => {
  it.each([
    ['soft-deleted', false],
    ['hard-deleted', true],
  ])('S5.1 a %s user is deactivated, never deleted; a restore reactivates it', async (_how, hard) => {
    const w = await syncWorld(t);
    const { recordId } = await w.sync(w.user('oid-del', w.person(`dan${hard ? 'h' : 's'}`), { at: at(0) }));
    const id = recordId ?? '';
    const before = await w.counts();

    const deleted = await w.sync(w.deleted('oid-del', at(10), hard));
    expect(deleted.plan.ops.map((op) => op.type)).toEqual(['deactivate', 'setAccess']);
    const after = await w.counts();
    expect([after.employees, after.logins, after.links]).toEqual([
      before.employees,
      before.logins,
      before.links,
    ]);
    expect(await w.employee(id)).toMatchObject({
      status: 'inactive',
      login: { username: w.username(`dan${hard ? 'h' : 's'}`), enabled: false, role: 'Engineer' },
      linkedTo: { objectId: 'oid-del' },
    });
    const again = await w.sync(w.deleted('oid-del', at(11), hard));
    expect(again.changed).toBe(false);

    const restored = await w.sync(w.user('oid-del', w.person(`dan${hard ? 'h' : 's'}`), { at: at(20) }));
    expect(restored.recordId).toBe(id);
    expect(await w.employee(id)).toMatchObject({
      status: 'active',
      login: { enabled: true, role: 'Engineer' },
    });
  });

  it('S5.1 a deleted user that was never synced is a no-op', async () => {
    const w = await syncWorld(t);
    const before = await w.counts();
    const result = await w.sync(w.deleted('oid-never', at(0)));
    expect(result).toMatchObject({ recordId: null, changed: false });
    expect(await w.counts()).toEqual(before);
  });

  it('S5.2 accountEnabled false deactivates and disables the login; true reactivates', async () => {
    const w = await syncWorld(t);
    const { recordId } = await w.sync(w.user('oid-en', w.person('ena'), { at: at(0) }));
    const id = recordId ?? '';
    await w.sync(w.user('oid-en', { ...w.person('ena'), accountEnabled: false }, { at: at(1) }));
    expect(await w.employee(id)).toMatchObject({ status: 'inactive', login: { enabled: false } });
    await w.sync(w.user('oid-en', { ...w.person('ena'), accountEnabled: true }, { at: at(2) }));
    expect(await w.employee(id)).toMatchObject({ status: 'active', login: { enabled: true } });
    const actions = (await w.audit('oid-en')).map((e) => e.action).reverse();
    expect(actions).toEqual([
      'create',
      'setAccess',
      'link',
      'deactivate',
      'setAccess',
      'reactivate',
      'setAccess',
    ]);
  });

  it('S5.3 a user that leaves every mapped group loses its access; the record and link stay', async () => {
    const w = await syncWorld(t);
    const { recordId } = await w.sync(w.user('oid-out', w.person('owen'), { at: at(0) }));
    const id = recordId ?? '';
    const out = await w.sync(w.user('oid-out', w.person('owen'), { groups: ['g-unmapped'], at: at(1) }));
    expect(out.plan.winningRuleId).toBeNull();
    expect(await w.employee(id)).toMatchObject({
      status: 'active',
      login: { username: w.username('owen'), enabled: false, role: null, modules: [] },
    });
    expect(await w.link('oid-out')).toMatchObject({ recordId: id, inScope: false });

    const back = await w.sync(w.user('oid-out', w.person('owen'), { at: at(2) }));
    expect(back.recordId).toBe(id);
    expect(await w.employee(id)).toMatchObject({
      login: { enabled: true, role: 'Engineer', modules: ['tickets', 'time'] },
    });
    expect(await w.link('oid-out')).toMatchObject({ inScope: true });
  });

  it('S5.4 a contact with tickets and invoices is never deleted or renamed by deactivation or scope loss', async () => {
    const w = await syncWorld(t);
    const { recordId } = await w.sync(
      w.user('oid-rel', w.person('rita'), { groups: ['g-portal'], at: at(0) }),
    );
    const id = recordId ?? '';
    const ticket = await makeTicket(t.db, { kind: 'contact', id });
    await makeInvoice(t.db, { kind: 'contact', id });
    await w.sync(w.user('oid-rel', w.person('rita'), { groups: [], at: at(1) }));
    await w.sync(w.deleted('oid-rel', at(2)));
    expect(await w.contact(id)).toMatchObject({
      status: 'inactive',
      email: w.email('rita'),
      portalAccess: false,
      hasRelationalData: true,
    });
    const row = await t.db
      .selectFrom('tickets')
      .select('contact_id')
      .where('id', '=', ticket)
      .executeTakeFirst();
    expect(row?.contact_id).toBe(id);
  });
});
