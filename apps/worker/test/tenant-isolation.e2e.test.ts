import { randomBytes } from 'node:crypto';
import { createAccount, getContact, getEmployee } from '@entra-sync/db';
import { OUTSIDE_REACH } from '@entra-sync/domain';
import { makeContact, makeEmployee, makeTicket } from '@entra-sync/db/testing';
import { startFleet, type Fleet } from './support/fleet';
import { auditOf, contactOf, loginOf } from './support/records';
import { waitFor } from './support/wait';

// S3.4 end to end: a customer tenant's administrator edits its directory; notifications, the worker and the
// apply step must not hand that tenant another customer's contact nor an MSP employee's login.
let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet({ name: 'tenant-isolation' });
}, 60_000);
afterAll(async () => fleet?.close());

const conflictsOf = async (objectId: string) =>
  (await auditOf(fleet.db, objectId)).filter((e) => e.action === 'conflict');

describe('tenant isolation end to end (S3.4)', () => {
  it("S3.4 a customer tenant cannot take over another customer's contact nor archive an MSP employee", async () => {
    const tag = randomBytes(3).toString('hex');
    const other = await createAccount(fleet.db, { name: `Other customer ${tag}` });
    const victim = await makeContact(fleet.db, { accountId: other.id, email: `victim.${tag}@other.example` });
    const ticket = await makeTicket(fleet.db, { kind: 'contact', id: victim });
    const boss = await makeEmployee(fleet.db, {
      email: `boss.${tag}@msp.example`,
      login: { username: `boss-${tag}`, role: 'Administrator' },
    });
    const victimBefore = await getContact(fleet.db, victim);
    const bossBefore = await getEmployee(fleet.db, boss);

    const customer = await fleet.connect({ staffTenant: false });
    const portal = customer.group('Portal');
    await customer.rule(portal, { target: 'contact', portalAccess: true, portalRole: 'Portal User' });
    const taker = customer.user('mallory.taker', { mail: `Victim.${tag}@other.example` });
    const squatter = customer.directory.createUser({
      userPrincipalName: `boss-${tag}@${customer.tenant.domain}`,
      mail: `squatter.${tag}@${customer.tenant.domain}`,
      givenName: 'Sam',
      surname: 'Squatter',
    });
    customer.directory.addMember(portal, taker.id);
    customer.directory.addMember(portal, squatter.id);

    const [takeover] = await waitFor(
      () => conflictsOf(taker.id),
      (c) => c.length > 0,
      {
        timeoutMs: 60_000,
        what: 'the takeover refused',
      },
    );
    expect(takeover?.reason).toMatch(new RegExp(`^${OUTSIDE_REACH}: `));
    const squat = await waitFor(
      () => conflictsOf(squatter.id),
      (c) => c.length > 0,
      {
        timeoutMs: 60_000,
        what: 'the archive refused',
      },
    );
    expect(squat[0]?.reason).toContain('not a staff tenant');

    expect(await contactOf(fleet.db, taker.id)).toBeNull();
    expect(await getContact(fleet.db, victim)).toEqual(victimBefore);
    expect(await getEmployee(fleet.db, boss)).toEqual(bossBefore);
    const owner = await fleet.db
      .selectFrom('tickets')
      .select('contact_id')
      .where('id', '=', ticket)
      .executeTakeFirst();
    expect(owner?.contact_id).toBe(victim);
    expect(await loginOf(fleet.db, `boss-${tag}`)).toMatchObject({
      kind: 'employee',
      recordId: boss,
      enabled: true,
    });
    expect(await contactOf(fleet.db, squatter.id)).toMatchObject({
      accountId: customer.accountId,
      login: null,
      portalAccess: false,
    });
  });
});
