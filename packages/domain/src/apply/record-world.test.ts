import type { Plan, PlanOp } from '../plan.types';
import { at, CONN, contact, employee, linkTo, login, OID, root } from '../testing/builders';
import { RecordWorld } from './record-world';

// The engine every apply path shares: a plan's effects are computed, checked like the database's unique
// indexes, and committed all or nothing.

const plan = (ops: PlanOp[], link: Plan['link'] = null, objectId = OID): Plan => ({
  connectionId: CONN,
  objectId,
  observedAt: at(5),
  winningRuleId: 1,
  precedence: 'test',
  fingerprint: 'v1:test',
  link,
  ops,
  outcome: 'changed',
});
const snapshot = (w: RecordWorld) => ({ records: w.records(), links: w.links() });
const newId = () => 'new-1';

describe('RecordWorld.apply', () => {
  it('S4.3 an update writes exactly the fields that differ, with their before and after', () => {
    const jane = employee({ id: '2', jobTitle: 'Engineer', firstName: 'Jane' });
    const world = new RecordWorld([jane], []);
    const effects = world.apply(
      plan([
        {
          type: 'update',
          record: { kind: 'employee', id: '2' },
          changes: { jobTitle: 'Lead', firstName: 'Jane' },
          reason: 'S4.3 test',
        },
      ]),
      newId,
    );
    expect(effects.effects).toEqual([
      {
        action: 'update',
        reason: 'S4.3 test',
        record: { kind: 'employee', id: '2' },
        before: { jobTitle: 'Engineer' },
        after: { jobTitle: 'Lead' },
        event: 'updated',
      },
    ]);
    expect(world.changed()).toEqual([[jane, { ...jane, jobTitle: 'Lead' }]]);
  });

  it('S4.4 ops that find the record as they ask write nothing and log nothing', () => {
    const kim = contact({ id: '3', status: 'active', login: login('kim'), portalAccess: true });
    const world = new RecordWorld([kim], []);
    const access = { login: login('kim'), portalAccess: true };
    const effects = world.apply(
      plan([
        { type: 'reactivate', record: { kind: 'contact', id: '3' }, reason: 'already active' },
        { type: 'setAccess', record: { kind: 'contact', id: '3' }, access, reason: 'same access' },
        {
          type: 'update',
          record: { kind: 'contact', id: '3' },
          changes: { firstName: 'Old' },
          reason: 'same',
        },
      ]),
      newId,
    );
    expect(effects.effects).toEqual([]);
    expect(world.changed()).toEqual([]);
  });

  it('S0 a login username another record holds (any case) is a unique violation: nothing is committed', () => {
    const pat = employee({ id: '2', login: login('pat') });
    const kim = contact({ id: '3', login: login('kim'), linkedTo: null });
    const world = new RecordWorld([root, pat, kim], []);
    const before = snapshot(world);
    const give = (username: string): PlanOp => ({
      type: 'setAccess',
      record: { kind: 'contact', id: '3' },
      access: { login: login(username), portalAccess: true },
      reason: 'test',
    });
    expect(() => world.apply(plan([give('PAT')]), newId)).toThrow(/unique violation: login username pat/);
    expect(snapshot(world)).toEqual(before);
    // the holder giving the name up in the same plan frees it (S6.2: archive, then the contact's login)
    const archive: PlanOp = {
      type: 'archive',
      record: { kind: 'employee', id: '2' },
      username: 'pat_Archived',
      email: null,
      reason: 'S6.2 test',
    };
    world.apply(plan([archive, give('pat')]), newId);
    expect(world.view('contact:3').login?.username).toBe('pat');
    expect(world.view('employee:2')).toMatchObject({
      status: 'archived',
      login: login('pat_Archived', { enabled: false }),
    });
  });

  it('S3.3 linking a record another directory user holds is a unique violation', () => {
    const pat = employee({ id: '2' });
    const taken = new RecordWorld(
      [{ ...pat, linkedTo: { connectionId: CONN, objectId: 'oid-other' } }],
      [linkTo(pat, { objectId: 'oid-other' })],
    );
    const link = { record: { kind: 'employee' as const, id: '2' }, inScope: true };
    expect(() => taken.apply(plan([], link), newId)).toThrow(
      /employee:2 is already linked to directory user oid-other/,
    );
    expect(taken.links()).toEqual([linkTo(pat, { objectId: 'oid-other' })]);
  });

  it('S4.5 the link keeps the newest observation time; a stale plan changes nothing', () => {
    const pat = employee({ id: '2', linkedTo: { connectionId: CONN, objectId: OID } });
    const world = new RecordWorld([pat], [linkTo(pat, { lastObservedAt: at(9) })]);
    const link = { record: { kind: 'employee' as const, id: '2' }, inScope: false };
    world.apply(plan([], link), newId);
    expect(world.links()[0]).toMatchObject({ lastObservedAt: at(9), inScope: false, fingerprint: 'v1:test' });
    const stale = {
      ...plan([{ type: 'deactivate', record: { kind: 'employee', id: '2' }, reason: 'x' }]),
      outcome: 'stale' as const,
    };
    expect(world.apply(stale, newId).effects).toEqual([]);
    expect(world.view('employee:2').status).toBe('active');
  });

  it('a create is linked by `id: null`; a plan that refers to a record it has not created fails', () => {
    const world = new RecordWorld([], []);
    const fields = {
      firstName: 'N',
      lastName: 'E',
      email: null,
      officePhone: null,
      mobilePhone: null,
      jobTitle: null,
    };
    const created = world.apply(
      plan([{ type: 'create', kind: 'contact', fields, accountId: 'acct-1', reason: 'S3.2 test' }], {
        record: { kind: 'contact', id: null },
        inScope: true,
      }),
      newId,
    );
    expect(created.recordId).toBe('new-1');
    expect(world.created()).toEqual([
      expect.objectContaining({ id: 'new-1', kind: 'contact', status: 'active' }),
    ]);
    expect(() =>
      world.apply(
        plan([{ type: 'deactivate', record: { kind: 'employee', id: null }, reason: 'x' }], null, 'o2'),
        newId,
      ),
    ).toThrow(/not created yet/);
  });
});
