import fc from 'fast-check';
import { sql } from 'kysely';
import type { Trigger } from '@entra-sync/domain';
import { applyUsers } from '../src';
import { makeContact, makeEmployee, makeTicket } from '../src/testing';
import { createTwin, idsAfterSetup, normalise, resetTwin, stateOf, type Twin } from './support/batch-twins';
import { observationOfStep } from './support/sync-world';

// Batching must be invisible: for random histories split into random batches, applying them batch by batch
// leaves the same records, logins, links, mirror, audit and outbox as applying one user per transaction.

let sequential: Twin;
let batched: Twin;
beforeAll(async () => {
  sequential = await createTwin();
  batched = await createTwin();
});
afterAll(async () => {
  await sequential.t.destroy();
  await batched.t.destroy();
});

const step = fc.record({
  objectId: fc.constantFrom('o1', 'o2', 'o3', 'o4'),
  person: fc.constantFrom('pat', 'kim', 'lee'),
  upn: fc.constantFrom('pat', 'kim', 'lee', 'admin'),
  groups: fc.subarray(['g-staff', 'g-portal', 'g-crm']),
  enabled: fc.boolean(),
  jobTitle: fc.constantFrom('Engineer', 'Lead', null),
  deleted: fc.integer({ min: 0, max: 9 }).map((n) => n < 2),
  trigger: fc.constantFrom<Trigger>('change', 'reconcile'),
  time: fc.integer({ min: 0, max: 12 }),
  cut: fc.boolean(),
});
type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;
const setup = fc.record({
  employeePat: fc.boolean(),
  contactKim: fc.boolean(),
  archivedPat: fc.boolean(),
  employeeLee: fc.boolean(),
  /** S3.4: the staff tenant, or a customer tenant whose employee rule is refused */
  staffTenant: fc.boolean(),
  /** S3.4: kim's contact under the rules' account, or another customer's */
  kimInReach: fc.boolean(),
});
type Setup = typeof setup extends fc.Arbitrary<infer S> ? S : never;

/** Another customer's account, with the same id in both twins. */
async function otherCustomer(twin: Twin): Promise<string> {
  const id = '00000000-0000-4000-8000-0000000000ac';
  await sql`insert into accounts (id, name) values (${id}, 'Other customer') on conflict do nothing`.execute(
    twin.db,
  );
  return id;
}

async function seed(twin: Twin, given: Setup): Promise<void> {
  const { db } = twin;
  await db.updateTable('connections').set({ staff_tenant: given.staffTenant }).execute();
  if (given.archivedPat) {
    await makeEmployee(db, {
      status: 'archived',
      email: 'pat@contoso.com_Archived',
      login: { username: 'pat_Archived', enabled: false },
    });
  }
  if (given.employeePat) await makeEmployee(db, { email: 'pat@contoso.com', login: { username: 'pat' } });
  if (given.contactKim) {
    await makeContact(db, {
      email: 'kim@contoso.com',
      login: { username: 'kim' },
      accountId: given.kimInReach ? twin.accountId : await otherCustomer(twin),
    });
  }
  if (given.employeeLee) {
    const id = await makeEmployee(db, { email: 'LEE@contoso.com ' });
    await makeTicket(db, { kind: 'employee', id });
  }
}

function batchesOf(steps: readonly Step[]): Step[][] {
  const batches: Step[][] = [[]];
  for (const s of steps) {
    batches.at(-1)?.push(s);
    if (s.cut) batches.push([]);
  }
  return batches.filter((b) => b.length > 0);
}

describe('applyUsers: a batch equals its users one at a time', () => {
  it('S3–S6 S4.4 S4.5 D18 random histories in random batches leave the same state as single applies', async () => {
    await fc.assert(
      fc.asyncProperty(setup, fc.array(step, { minLength: 1, maxLength: 12 }), async (given, steps) => {
        await resetTwin(sequential);
        await resetTwin(batched);
        await seed(sequential, given);
        await seed(batched, given);
        const newId = await idsAfterSetup(batched);
        const oneId = await idsAfterSetup(sequential);

        const one = [];
        for (const s of steps) {
          const users = [{ observation: observationOfStep(s), trigger: s.trigger }];
          const connectionId = sequential.connectionId;
          one.push(...(await applyUsers(sequential.db, { connectionId, users, newId: oneId })));
        }
        const many = [];
        for (const batch of batchesOf(steps)) {
          const users = batch.map((s) => ({ observation: observationOfStep(s), trigger: s.trigger }));
          many.push(...(await applyUsers(batched.db, { connectionId: batched.connectionId, users, newId })));
        }

        expect(normalise(batched, many)).toEqual(normalise(sequential, one));
        expect(await stateOf(batched)).toEqual(await stateOf(sequential));
      }),
      { numRuns: 60 },
    );
  }, 300_000);
});
