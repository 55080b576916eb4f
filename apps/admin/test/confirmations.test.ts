import { listContacts } from '@entra-sync/db';
import { seedHeldRemovals } from '@entra-sync/db/testing';
import { startAdmin, type Admin } from './support/harness';

// S8: removals held above a connection's limit are listed, approved or rejected through the admin API.
describe('admin API: S8 confirmations', () => {
  let admin: Admin;
  beforeAll(async () => {
    admin = await startAdmin();
  });
  afterAll(async () => {
    await admin?.close();
  });

  /** five portal contacts, three disabled: one passes the 20 % limit, two are held */
  async function held() {
    const { id } = await admin.connection();
    const seed = await seedHeldRemovals(admin.db, id, { synced: 5, disabled: 3 });
    seeded = seed.objectIds;
    const list = await admin.api('GET', `/api/confirmations?connectionId=${id}`);
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    return { ...seed, confirmation: list.body.items[0] };
  }

  let seeded: string[] = [];
  /** of the seeded people, how many still have an active record with an enabled login */
  const activeLogins = async (_connectionId: string) => {
    const found = await Promise.all(seeded.map((objectId) => listContacts(admin.db, { objectId })));
    return found.flat().filter((c) => c.status === 'active' && c.login?.enabled).length;
  };

  it('S8 GET /api/confirmations names the connection, the people, how they lose access and how many', async () => {
    const { connectionId, confirmation, emails } = await held();
    expect(confirmation).toMatchObject({
      connectionId,
      connectionName: expect.stringMatching(/^Tenant /),
      status: 'pending',
      source: 'notification',
      runId: null,
      count: 2,
      windowRemovals: 1,
      synced: 5,
      decidedBy: null,
    });
    expect(confirmation.removals.map((r: { email: string }) => r.email).sort()).toEqual(
      emails.slice(1, 3).sort(),
    );
    expect(confirmation.removals[0]).toMatchObject({
      removal: 'disabled',
      recordKind: 'contact',
      reason: expect.stringContaining('S5.2'),
      source: 'notification',
      appliedAt: null,
    });
    expect(await activeLogins(connectionId)).toBe(4);
  });

  it('S8 approve with a stale count → 409 problem+json saying the count changed; nothing applied', async () => {
    const { connectionId, confirmation } = await held();
    const res = await admin.api('POST', `/api/confirmations/${confirmation.id}/approve`, { count: 3 });
    expect(res.status).toBe(409);
    expect(res.contentType).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 409, count: 2, seen: 3 });
    expect(res.body.detail).toMatch(/count changed.*2 people, not the 3/);
    expect(await activeLogins(connectionId)).toBe(4);
  });

  it('S8 approve with the count seen → the held removals are applied and audited with who approved', async () => {
    const { connectionId, confirmation } = await held();
    const res = await admin.api('POST', `/api/confirmations/${confirmation.id}/approve`, { count: 2 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      applied: 2,
      confirmation: { status: 'approved', decidedBy: 'admin-api', decidedCount: 2, count: 2 },
    });
    expect(res.body.confirmation.removals.every((r: { appliedAt: string | null }) => r.appliedAt)).toBe(true);
    expect(await activeLogins(connectionId)).toBe(2);
    const audit = await admin.api('GET', `/api/audit?connectionId=${connectionId}&limit=100`);
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({
        action: 'confirmation.approved',
        actor: 'admin-api',
        after: { confirmationId: confirmation.id, count: 2 },
      }),
    );
    expect((await admin.api('GET', `/api/confirmations?connectionId=${connectionId}`)).body.items).toEqual(
      [],
    );
    const again = await admin.api('POST', `/api/confirmations/${confirmation.id}/reject`, { count: 2 });
    expect(again.status).toBe(409);
    expect(again.body.confirmationStatus).toBe('approved');
  });

  it('S8 reject → nothing is removed, and the decision is audited', async () => {
    const { connectionId, confirmation } = await held();
    const res = await admin.api('POST', `/api/confirmations/${confirmation.id}/reject`, { count: 2 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      applied: 0,
      confirmation: { status: 'rejected', decidedBy: 'admin-api' },
    });
    expect(await activeLogins(connectionId)).toBe(4);
    const audit = await admin.api('GET', `/api/audit?connectionId=${connectionId}&limit=100`);
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({ action: 'confirmation.rejected', actor: 'admin-api' }),
    );
    const rejected = await admin.api(
      'GET',
      `/api/confirmations?connectionId=${connectionId}&status=rejected`,
    );
    expect(rejected.body.items.map((c: { id: string }) => c.id)).toEqual([confirmation.id]);
  });

  it('S8 a decision needs the count (400) and an existing confirmation (404)', async () => {
    const { confirmation } = await held();
    const missing = await admin.api('POST', `/api/confirmations/${confirmation.id}/approve`, {});
    expect(missing.status).toBe(400);
    expect(missing.body.detail).toMatch(/count/);
    const unknown = await admin.api('POST', `/api/confirmations/${crypto.randomUUID()}/approve`, {
      count: 1,
    });
    expect(unknown.status).toBe(404);
    expect((await admin.api('GET', '/api/confirmations?status=maybe')).status).toBe(400);
  });
});
