import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import {
  createConnection,
  createSecretBox,
  findLoginByUsername,
  getConnection,
  getConnectionCredentials,
  getLink,
  insertAuditEntries,
  listAuditEntries,
  listConnections,
  setLogin,
  upsertLink,
} from '../src';
import {
  createTestDatabase,
  makeConnection,
  makeContact,
  makeEmployee,
  type TestDatabase,
} from '@entra-sync/db/testing';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.destroy();
});

describe('connections', () => {
  it('S7.1 stores the client secret encrypted and never returns it', async () => {
    const box = createSecretBox(randomBytes(32).toString('base64'));
    const secret = 'Q~8.top-secret-client-secret';
    const created = await createConnection(t.db, box, {
      name: 'Contoso',
      tenant: 'contoso.onmicrosoft.com',
      clientId: '11111111-2222-3333-4444-555555555555',
      clientSecret: secret,
    });
    expect(created.status).toBe('pending');
    expect(JSON.stringify(created)).not.toContain(secret);
    expect(JSON.stringify(await listConnections(t.db))).not.toContain(secret);
    expect(JSON.stringify(await getConnection(t.db, created.id))).not.toContain(secret);

    const { rows } = await sql<{ client_secret: Buffer; as_text: string }>`
      select client_secret, encode(client_secret, 'escape') as as_text from connections where id = ${created.id}
    `.execute(t.db);
    const stored = rows[0]?.client_secret;
    expect(stored).toBeInstanceOf(Buffer);
    expect(stored?.includes(Buffer.from(secret))).toBe(false);
    expect(rows[0]?.as_text).not.toContain(secret);

    const credentials = await getConnectionCredentials(t.db, box, created.id);
    expect(credentials?.clientSecret).toBe(secret);
    const otherKey = createSecretBox(randomBytes(32));
    await expect(getConnectionCredentials(t.db, otherKey, created.id)).rejects.toThrow(
      /neither ENCRYPTION_KEY nor one of ENCRYPTION_KEYS_OLD/,
    );
  });
});

describe('logins', () => {
  it('S0 login usernames are unique case-insensitively across employees and portal contacts', async () => {
    const employee = await makeEmployee(t.db, { login: { username: 'Sam.Shared' } });
    const contact = await makeContact(t.db);
    await expect(
      setLogin(t.db, { kind: 'contact', id: contact }, loginFor('sam.SHARED')),
    ).rejects.toMatchObject({
      code: '23505',
      constraint: 'logins_username_key',
    });
    const other = await makeEmployee(t.db);
    await expect(
      setLogin(t.db, { kind: 'employee', id: other }, loginFor('SAM.shared')),
    ).rejects.toMatchObject({
      code: '23505',
    });
    expect(await findLoginByUsername(t.db, 'sam.shared')).toMatchObject({
      username: 'Sam.Shared',
      kind: 'employee',
      recordId: employee,
    });
  });

  it('S0 a login belongs to exactly one record', async () => {
    const employee = await makeEmployee(t.db);
    const contact = await makeContact(t.db);
    await expect(
      t.db
        .insertInto('logins')
        .values({ username: `both-${employee.slice(0, 8)}`, employee_id: employee, contact_id: contact })
        .execute(),
    ).rejects.toMatchObject({ code: '23514', constraint: 'logins_one_owner' });
    await expect(t.db.insertInto('logins').values({ username: 'nobody' }).execute()).rejects.toMatchObject({
      code: '23514',
    });
  });
});

describe('links', () => {
  const at = new Date('2026-01-01T00:00:00.000Z');
  const link = (connectionId: string, objectId: string, recordId: string) => ({
    connectionId,
    objectId,
    kind: 'employee' as const,
    recordId,
    lastObservedAt: at,
    fingerprint: null,
    inScope: true,
  });

  it('S3.3 one record is linked to at most one directory user, and one user to one record', async () => {
    const connectionId = await makeConnection(t.db);
    const first = await makeEmployee(t.db);
    const second = await makeEmployee(t.db);
    await upsertLink(t.db, link(connectionId, 'oid-a', first));
    await expect(upsertLink(t.db, link(connectionId, 'oid-b', first))).rejects.toMatchObject({
      code: '23505',
      constraint: 'links_record_key',
    });
    // the same directory user again moves its one link instead of adding a second
    await upsertLink(t.db, link(connectionId, 'oid-a', second));
    const rows = await t.db
      .selectFrom('links')
      .selectAll()
      .where('connection_id', '=', connectionId)
      .execute();
    expect(rows.map((r) => [r.object_id, r.record_id])).toEqual([['oid-a', second]]);
  });

  it('S4.5 the stored observation time never moves backwards', async () => {
    const connectionId = await makeConnection(t.db);
    const record = await makeEmployee(t.db);
    await upsertLink(t.db, {
      ...link(connectionId, 'oid-c', record),
      lastObservedAt: new Date(at.getTime() + 5000),
    });
    await upsertLink(t.db, { ...link(connectionId, 'oid-c', record), fingerprint: 'fp' });
    expect(await getLink(t.db, connectionId, 'oid-c')).toMatchObject({
      lastObservedAt: new Date(at.getTime() + 5000),
      fingerprint: 'fp',
    });
  });
});

describe('audit log', () => {
  it('S6.4 lists entries newest first by connection, object and record', async () => {
    const connectionId = await makeConnection(t.db);
    const recordId = await makeEmployee(t.db);
    const entry = { actor: 'sync', connectionId, recordKind: 'employee' as const, ruleId: 3, before: null };
    await insertAuditEntries(t.db, [
      { ...entry, objectId: 'o1', recordId, action: 'create', reason: 'S3.2 created', after: { a: 1 } },
      { ...entry, objectId: 'o1', recordId, action: 'setAccess', reason: 'S6.1 access', after: { b: 2 } },
      { ...entry, objectId: 'o2', recordId: null, action: 'conflict', reason: 'S3.3 conflict', after: null },
    ]);
    const byObject = await listAuditEntries(t.db, { connectionId, objectId: 'o1' });
    expect(byObject.map((e) => e.action)).toEqual(['setAccess', 'create']);
    expect(byObject[0]).toMatchObject({ ruleId: 3, reason: 'S6.1 access', after: { b: 2 }, recordId });
    expect((await listAuditEntries(t.db, { recordId })).map((e) => e.action)).toEqual([
      'setAccess',
      'create',
    ]);
    expect((await listAuditEntries(t.db, { connectionId })).map((e) => e.action)).toEqual([
      'conflict',
      'setAccess',
      'create',
    ]);
  });
});

function loginFor(username: string) {
  return { username, enabled: true, role: 'Portal User', modules: [] };
}
