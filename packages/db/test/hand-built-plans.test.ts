import type { Plan } from '@entra-sync/domain';
import { applyBatch, listEmployees, loadSyncContext } from '../src';
import {
  createTestDatabase,
  makeConnection,
  makeEmployee,
  presentObservation,
  saveDefaults,
  type TestDatabase,
} from '../src/testing';
import { at } from './support/sync-world';

// Hand-built plans through the one apply: a plan that would duplicate a login or a link fails in memory
// when the holder is among the records the batch loaded, and at the unique indexes (the last line of
// defence, also against a race the locks did not cover) when it is not — an error and a rollback either way.

let t: TestDatabase;
let connectionId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  connectionId = await makeConnection(t.db);
  await saveDefaults(t.db);
});
afterAll(async () => {
  await t.destroy();
});

const fields = {
  firstName: 'Hal',
  lastName: 'Hand',
  email: 'hal@contoso.com',
  officePhone: null,
  mobilePhone: null,
  jobTitle: null,
  department: 'Ops',
  location: 'HQ',
  timeZone: 'UTC',
};

function plan(objectId: string, ops: Plan['ops'], link: Plan['link']): Plan {
  return {
    connectionId,
    objectId,
    observedAt: at(0),
    winningRuleId: null,
    precedence: 'hand-built',
    fingerprint: null,
    link,
    ops,
    outcome: 'changed',
  };
}

async function execute(objectId: string, build: (p: typeof plan) => Plan, mail = fields.email) {
  return t.db.transaction().execute(async (trx) => {
    const context = await loadSyncContext(trx, connectionId);
    const observation = presentObservation(objectId, { mail }, { groups: [], at: at(0) });
    return applyBatch(trx, context, [{ observation, trigger: 'change' }], {
      actor: 'test',
      plan: () => build(plan),
    });
  });
}

describe('apply of hand-built plans', () => {
  it('S0 a login username already held is a unique violation that rolls back the whole apply', async () => {
    await makeEmployee(t.db, { email: 'holder@contoso.com', login: { username: 'Hal' } });
    const create = { type: 'create', kind: 'employee', fields, reason: 'test create' } as const;
    const access = {
      type: 'setAccess',
      record: { kind: 'employee', id: null },
      access: {
        login: { username: 'hal', enabled: true, role: 'Technician', modules: [] },
        portalAccess: false,
      },
      reason: 'test access',
    } as const;
    await expect(
      execute('oid-hal', (p) =>
        p('oid-hal', [create, access], { record: { kind: 'employee', id: null }, inScope: true }),
      ),
    ).rejects.toMatchObject({ code: '23505', constraint: 'logins_username_key' });
    expect(await listEmployees(t.db, { email: fields.email })).toEqual([]);
    expect(
      await t.db.selectFrom('audit_log').select('id').where('object_id', '=', 'oid-hal').execute(),
    ).toEqual([]);
  });

  it('S3.3 linking a record that another directory user holds is a unique violation, not a second link', async () => {
    const record = await makeEmployee(t.db, { email: 'shared@contoso.com' });
    const link = { record: { kind: 'employee' as const, id: record }, inScope: true };
    const mail = 'shared@contoso.com';
    await execute(
      'oid-first',
      (p) => p('oid-first', [{ type: 'link', record: link.record, reason: 'first' }], link),
      mail,
    );
    await expect(
      execute(
        'oid-second',
        (p) => p('oid-second', [{ type: 'link', record: link.record, reason: 'second' }], link),
        mail,
      ),
    ).rejects.toThrow(
      /unique violation: employee:\S+ is already linked to directory user oid-first \(S3\.3\)/,
    );
    const links = await t.db
      .selectFrom('links')
      .select('object_id')
      .where('record_id', '=', record)
      .execute();
    expect(links).toEqual([{ object_id: 'oid-first' }]);
  });

  it('refuses a plan that refers to a record it did not load or create', async () => {
    await expect(
      execute('oid-ghost', (p) =>
        p(
          'oid-ghost',
          [{ type: 'deactivate', record: { kind: 'employee', id: null }, reason: 'ghost' }],
          null,
        ),
      ),
    ).rejects.toThrow(/not created yet/);
  });
});
