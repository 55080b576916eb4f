import fc from 'fast-check';
import type { Kysely } from 'kysely';
import {
  applyPlan,
  buildPlanInput,
  type DirectoryObservation,
  type PersonRecord,
  planUser,
  type Trigger,
  type World,
} from '@entra-sync/domain';
import { applyUser, type Database, loadSyncContext, type SyncContext, toLink } from '../src';
import { contactRecords, employeeRecords, toPersonRecord } from '../src/repositories/person-record.query';
import {
  createTestDatabase,
  deletedObservation,
  makeAccount,
  makeConnection,
  makeContact,
  makeEmployee,
  makeRule,
  presentObservation,
  saveDefaults,
  type TestDatabase,
} from '../src/testing';
import { at } from './support/sync-world';

// The database apply step must match the reference semantics (packages/domain/src/simulate.ts):
// for random histories, the world read back after each apply equals applyPlan(world before, plan),
// and the plan built from the database's own load equals the one built from the reference load.

let t: TestDatabase;
let connectionId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  connectionId = await makeConnection(t.db);
  const accountId = await makeAccount(t.db);
  await saveDefaults(t.db);
  await makeRule(t.db, connectionId, {
    groupId: 'g-staff',
    securityRole: 'Engineer',
    modules: ['time', 'tickets'],
  });
  await makeRule(t.db, connectionId, {
    groupId: 'g-portal',
    order: 2,
    target: 'contact',
    accountId,
    portalAccess: true,
    portalRole: 'Portal User',
  });
  await makeRule(t.db, connectionId, { groupId: 'g-crm', order: 3, target: 'contact', accountId });
});
afterAll(async () => {
  await t.destroy();
});

async function readWorld(db: Kysely<Database>): Promise<World> {
  const rows = await employeeRecords(db).unionAll(contactRecords(db)).execute();
  const records = rows
    .map((row): PersonRecord => {
      const { createdAt: _c, updatedAt: _u, ...record } = toPersonRecord(row);
      return record;
    })
    .sort(byKey);
  const links = (await db.selectFrom('links').selectAll().execute())
    .map(toLink)
    .sort((a, b) => cmp(a.objectId, b.objectId));
  return { records, links };
}
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byKey = (a: PersonRecord, b: PersonRecord) => cmp(`${a.kind}:${a.id}`, `${b.kind}:${b.id}`);
const normalise = (w: World): World => ({
  records: [...w.records].sort(byKey),
  links: [...w.links].sort((a, b) => cmp(a.objectId, b.objectId)),
});

const step = fc.record({
  objectId: fc.constantFrom('o1', 'o2', 'o3'),
  person: fc.constantFrom('pat', 'kim'),
  upn: fc.constantFrom('pat', 'kim', 'admin'),
  groups: fc.subarray(['g-staff', 'g-portal', 'g-crm']),
  enabled: fc.boolean(),
  jobTitle: fc.constantFrom('Engineer', 'Lead', null),
  deleted: fc.integer({ min: 0, max: 9 }).map((n) => n < 3),
  trigger: fc.constantFrom<Trigger>('change', 'reconcile'),
  time: fc.integer({ min: 0, max: 12 }),
});
const setup = fc.record({ employeePat: fc.boolean(), contactKim: fc.boolean(), archivedPat: fc.boolean() });

class Rollback extends Error {}

describe('syncUser matches the reference semantics', () => {
  it('S3–S6 random histories: database state equals simulate.applyPlan after every apply', async () => {
    await fc.assert(
      fc.asyncProperty(setup, fc.array(step, { minLength: 1, maxLength: 7 }), async (given, steps) => {
        await t.db
          .transaction()
          .execute(async (trx) => {
            if (given.archivedPat) {
              await makeEmployee(trx, {
                status: 'archived',
                login: { username: 'pat_archived', enabled: false },
              });
            }
            if (given.employeePat) {
              await makeEmployee(trx, { email: 'pat@contoso.com', login: { username: 'pat' } });
            }
            if (given.contactKim)
              await makeContact(trx, { email: 'kim@other.example', login: { username: 'kim' } });
            const context: SyncContext = await loadSyncContext(trx, connectionId);
            for (const s of steps) {
              const observation: DirectoryObservation = s.deleted
                ? deletedObservation(s.objectId, at(s.time))
                : presentObservation(
                    s.objectId,
                    {
                      userPrincipalName: `${s.upn}@contoso.com`,
                      mail: `${s.person}@contoso.com`,
                      accountEnabled: s.enabled,
                      jobTitle: s.jobTitle,
                    },
                    { groups: s.groups, at: at(s.time) },
                  );
              const before = await readWorld(trx);
              const reference = planUser(
                buildPlanInput(before, connectionId, observation, s.trigger, context.rules, context.defaults),
              );
              const result = await applyUser(trx, context, { observation, trigger: s.trigger });
              expect(result.plan).toEqual(reference);
              const expected = applyPlan(before, result.plan, result.recordId ?? 'none');
              expect(await readWorld(trx)).toEqual(normalise(expected));
            }
            throw new Rollback();
          })
          .catch((error: unknown) => {
            if (!(error instanceof Rollback)) throw error;
          });
      }),
      { numRuns: 40 },
    );
  });
});
