import fc from 'fast-check';
import { applyPlan, buildPlanInput, planUser, type Trigger } from '@entra-sync/domain';
import { applyBatch, loadSyncContext, type SyncContext } from '../src';
import {
  createTestDatabase,
  makeAccount,
  makeConnection,
  makeContact,
  makeEmployee,
  makeRule,
  saveDefaults,
  type TestDatabase,
} from '../src/testing';
import { normaliseWorld as normalise, readWorld } from './support/read-world';
import { observationOfStep } from './support/sync-world';

// The database apply step (an edge: what it loads, the rows it writes) must match the reference semantics
// (packages/domain/src/simulate.ts, the world holding every record): for random histories, the world read
// back after each apply equals applyPlan(world before, plan), and the plan built from the database's own
// load (the records a user can reach) equals the one built from the reference load (every record).

let t: TestDatabase;
let connectionId: string;
let accountId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  connectionId = await makeConnection(t.db);
  accountId = await makeAccount(t.db);
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
const setup = fc.record({
  employeePat: fc.boolean(),
  contactKim: fc.boolean(),
  archivedPat: fc.boolean(),
  /** S3.4: the staff tenant, or a customer tenant (its employee rule refused) */
  staffTenant: fc.boolean(),
  /** S3.4: kim's contact under the rules' account (in reach) or another customer's */
  kimInReach: fc.boolean(),
});

class Rollback extends Error {}

describe('the database apply matches the reference semantics', () => {
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
            if (given.contactKim) {
              await makeContact(trx, {
                email: 'kim@other.example',
                login: { username: 'kim' },
                ...(given.kimInReach ? { accountId } : {}),
              });
            }
            await trx
              .updateTable('connections')
              .set({ staff_tenant: given.staffTenant })
              .where('id', '=', connectionId)
              .execute();
            const context: SyncContext = await loadSyncContext(trx, connectionId);
            let created = 0;
            let lastId = 'none';
            const newId = () =>
              (lastId = `00000000-0000-4000-8000-${(++created).toString(16).padStart(12, '0')}`);
            for (const s of steps) {
              const observation = observationOfStep(s);
              const before = await readWorld(trx);
              const reference = planUser(buildPlanInput(before, context, observation, s.trigger));
              const [result] = await applyBatch(trx, context, [{ observation, trigger: s.trigger }], {
                newId,
              });
              expect(result?.plan).toEqual(reference);
              const expected = applyPlan(before, reference, lastId);
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
