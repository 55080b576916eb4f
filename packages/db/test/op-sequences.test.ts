import fc from 'fast-check';
import { type Kysely, sql } from 'kysely';
import {
  type Effect,
  type EmployeeFields,
  type LoginState,
  type Plan,
  type PlanOp,
  type RecordRef,
  RecordWorld,
} from '@entra-sync/domain';
import type { Database } from '../src';
import { writeWorld } from '../src/apply/apply-batch';
import {
  createTestDatabase,
  makeAccount,
  makeConnection,
  makeContact,
  makeEmployee,
  type TestDatabase,
} from '../src/testing';
import { normaliseWorld, readWorld } from './support/read-world';

// The db package only turns a plan's effects into rows: for random sequences of ops (not only the ones the
// planner makes), applied to the domain's RecordWorld holding every record, the rows written afterwards read
// back as exactly that world, and the audit and outbox rows are exactly the effects, in order.

let t: TestDatabase;
let connectionId: string;
let accounts: [string, string];
beforeAll(async () => {
  t = await createTestDatabase();
  connectionId = await makeConnection(t.db);
  accounts = [await makeAccount(t.db), await makeAccount(t.db)];
});
afterAll(async () => {
  await t.destroy();
});

const NAMES = ['pat', 'Pat', 'kim', 'lee', 'pat_Archived', 'kim_Archived2'];
const TEXTS = ['Pat', 'Kim', 'x', ' spaced ', null];
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 8, 0, s));

const field = fc.constantFrom(...TEXTS);
const VALUES = {
  firstName: field,
  lastName: field,
  email: fc.constantFrom('pat@contoso.com', ' PAT@contoso.com', 'kim@contoso.com', null),
  jobTitle: field,
  department: fc.constantFrom('Ops', 'Sales'),
  timeZone: fc.constantFrom('UTC', 'Europe/Berlin'),
};
/** One or two fields at a time, so a writer that forgets one column is caught. */
const changes: fc.Arbitrary<Partial<EmployeeFields>> = fc
  .subarray(Object.keys(VALUES) as (keyof typeof VALUES)[], { minLength: 1, maxLength: 2 })
  .chain((names) => fc.record(Object.fromEntries(names.map((n) => [n, VALUES[n]]))));
const loginArb: fc.Arbitrary<LoginState | null> = fc.option(
  fc.record({
    username: fc.constantFrom(...NAMES),
    enabled: fc.boolean(),
    role: fc.constantFrom('Technician', 'Portal User', null),
    modules: fc.subarray(['tickets', 'time']),
  }),
  { nil: null },
);

/** An op over record number `pick` of the world (or the one the plan created), as the planner never would. */
const opArb = fc.record({
  type: fc.constantFrom<PlanOp['type']>(
    'create',
    'merge',
    'update',
    'deactivate',
    'reactivate',
    'archive',
    'removePortalLogin',
    'setAccess',
    'link',
    'conflict',
    'error',
    'noop',
  ),
  kind: fc.constantFrom('employee' as const, 'contact' as const),
  pick: fc.integer({ min: -1, max: 7 }),
  changes,
  account: fc.integer({ min: 0, max: 1 }),
  login: loginArb,
  portalAccess: fc.boolean(),
  archivedName: fc.option(fc.constantFrom('pat_Archived', 'PAT_archived3', 'kim_Archived'), { nil: null }),
});
type OpSpec = typeof opArb extends fc.Arbitrary<infer O> ? O : never;

const planArb = fc.record({
  objectId: fc.constantFrom('o1', 'o2', 'o3'),
  seconds: fc.integer({ min: 0, max: 30 }),
  ops: fc.array(opArb, { minLength: 1, maxLength: 4 }),
  link: fc.option(fc.record({ pick: fc.integer({ min: -1, max: 7 }), inScope: fc.boolean() }), { nil: null }),
  fingerprint: fc.constantFrom('v1:a', 'v1:b', null),
});
type PlanSpec = typeof planArb extends fc.Arbitrary<infer P> ? P : never;

const accountOf = (spec: OpSpec): string => (spec.account === 0 ? accounts[0] : accounts[1]);

function buildOp(spec: OpSpec, world: RecordWorld, batch: number): PlanOp {
  const records = world.records();
  const chosen = spec.pick < 0 ? undefined : records[spec.pick % Math.max(records.length, 1)];
  const ref: RecordRef = chosen ? { kind: chosen.kind, id: chosen.id } : { kind: spec.kind, id: null };
  const reason = `random ${spec.type} in batch ${batch}`; // D18: no note repeats across batches
  const fields: EmployeeFields = {
    firstName: spec.changes.firstName ?? null,
    lastName: spec.changes.lastName ?? null,
    email: spec.changes.email ?? null,
    officePhone: null,
    mobilePhone: null,
    jobTitle: spec.changes.jobTitle ?? null,
    department: spec.changes.department ?? 'Ops',
    location: 'HQ',
    timeZone: spec.changes.timeZone ?? 'UTC',
  };
  switch (spec.type) {
    case 'create':
      return spec.kind === 'employee'
        ? { type: 'create', kind: 'employee', fields, reason }
        : { type: 'create', kind: 'contact', fields, accountId: accountOf(spec), reason };
    case 'update':
      return {
        type: 'update',
        record: ref,
        changes: spec.changes,
        accountId: accountOf(spec),
        reason,
      };
    case 'archive':
      return {
        type: 'archive',
        record: { kind: 'employee', id: ref.id ?? 'none' },
        username: spec.archivedName,
        email: spec.archivedName && `${spec.archivedName}@mail`,
        reason,
      };
    case 'removePortalLogin':
      return { type: 'removePortalLogin', record: { kind: 'contact', id: ref.id ?? 'none' }, reason };
    case 'setAccess':
      return {
        type: 'setAccess',
        record: ref,
        access: { login: spec.login, portalAccess: spec.portalAccess },
        reason,
      };
    case 'merge':
      return { type: 'merge', record: { kind: ref.kind, id: ref.id ?? 'none' }, reason };
    case 'deactivate':
    case 'reactivate':
    case 'link':
      return { type: spec.type, record: ref, reason };
    case 'conflict':
      return { type: 'conflict', recordId: chosen?.id ?? null, reason };
    case 'error':
    case 'noop':
      return { type: spec.type, reason };
  }
}

function buildPlan(spec: PlanSpec, world: RecordWorld, batch: number): Plan {
  const ops = spec.ops.map((op) => buildOp(op, world, batch));
  const records = world.records();
  const linked =
    spec.link && spec.link.pick >= 0 ? records[spec.link.pick % Math.max(records.length, 1)] : undefined;
  const created = ops.find((op) => op.type === 'create');
  const record: RecordRef | null = linked
    ? { kind: linked.kind, id: linked.id }
    : created?.type === 'create'
      ? { kind: created.kind, id: null }
      : null;
  return {
    connectionId,
    objectId: spec.objectId,
    observedAt: at(spec.seconds),
    winningRuleId: null,
    precedence: 'random',
    fingerprint: spec.fingerprint,
    link: spec.link && record ? { record, inScope: spec.link.inScope } : null,
    ops,
    outcome: 'changed',
  };
}

/** The records every run starts from (inside its transaction, rolled back at the end). */
async function seed(db: Kysely<Database>): Promise<void> {
  await makeEmployee(db, { email: 'pat@contoso.com', login: { username: 'pat' } });
  await makeEmployee(db, { email: 'lee@contoso.com', status: 'inactive' });
  await makeContact(db, { accountId: accounts[0], email: 'kim@contoso.com', login: { username: 'kim' } });
  await makeContact(db, { accountId: accounts[1], email: 'pat@contoso.com' });
}

class Rollback extends Error {}

const journalOf = (effects: readonly Effect[]) =>
  effects.map((e) => ({
    action: e.action,
    reason: e.reason,
    record_kind: e.record?.kind ?? null,
    record_id: e.record?.id ?? null,
    before: e.before,
    after: e.after,
  }));

let ids = 0;
const newId = () => `00000000-0000-4000-8000-${(++ids).toString(16).padStart(12, '0')}`;

/** One transaction's plans on a world loaded from the database, written, read back and compared. */
async function checkBatch(trx: Kysely<Database>, batch: readonly PlanSpec[], n: number): Promise<void> {
  const loaded = await readWorld(trx);
  const world = new RecordWorld(loaded.records, loaded.links);
  const snapshot = () => normaliseWorld({ records: world.records(), links: world.links() });
  const applied: { plan: Plan; effects: Effect[] }[] = [];
  const objectIds = new Set<string>();
  for (const spec of batch) {
    // one object id per transaction, as applyUsers guarantees (D18 tells applies apart by transaction)
    if (objectIds.has(spec.objectId)) continue;
    objectIds.add(spec.objectId);
    const plan = buildPlan(spec, world, n);
    const before = snapshot();
    try {
      applied.push({ plan, effects: world.apply(plan, newId).effects });
    } catch {
      // an op invalid for the state (archiving a contact, a duplicate login …) changes nothing at all
      expect(snapshot()).toEqual(before);
    }
  }
  const last = await sql<{ audit: string; outbox: string }>`
    select (select coalesce(max(id), 0) from audit_log) as audit,
           (select coalesce(max(id), 0) from outbox) as outbox`.execute(trx);
  await writeWorld(trx, connectionId, world, applied, [], 'random');

  expect(await readWorld(trx)).toEqual(snapshot());
  const effects = applied.flatMap((a) => a.effects);
  const audit = await trx
    .selectFrom('audit_log')
    .select(['action', 'reason', 'record_kind', 'record_id', 'before', 'after'])
    .where('id', '>', last.rows[0]?.audit ?? '0')
    .orderBy('id')
    .execute();
  expect(audit).toEqual(journalOf(effects));
  const outbox = await sql<{ topic: string; recordId: string }>`
    select topic, payload->>'recordId' as "recordId" from outbox where id > ${last.rows[0]?.outbox ?? '0'}
    order by id`.execute(trx);
  const events = effects.flatMap((e) =>
    e.event && e.record ? [{ topic: `${e.record.kind}.${e.event}`, recordId: e.record.id }] : [],
  );
  expect(outbox.rows).toEqual(events);
}

describe('effects → rows', () => {
  it('S5.4 S6 S3.3 property: random op sequences written by the db package read back as the domain world', async () => {
    const batchesArb = fc.array(fc.array(planArb, { minLength: 1, maxLength: 5 }), {
      minLength: 1,
      maxLength: 3,
    });
    await fc.assert(
      fc.asyncProperty(batchesArb, async (batches) => {
        await t.db
          .transaction()
          .execute(async (trx) => {
            await seed(trx);
            for (const [n, batch] of batches.entries()) await checkBatch(trx, batch, n);
            throw new Rollback();
          })
          .catch((error: unknown) => {
            if (!(error instanceof Rollback)) throw error;
          });
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});
