import { createCipheriv, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { EnvError } from '@entra-sync/config';
import {
  assertSecretsReadable,
  createConnection,
  createSecretBox,
  findSubscription,
  getConnectionCredentials,
  rotateSecrets,
  saveSubscription,
  updateConnection,
} from '../src';
import { createTestDatabase, type TestDatabase } from '../src/testing';

let t: TestDatabase;
beforeEach(async () => {
  t = await createTestDatabase();
});
afterEach(async () => {
  await t.destroy();
});

const oldKey = randomBytes(32);
const newKey = randomBytes(32);

async function connectionUnder(box: ReturnType<typeof createSecretBox>, name: string, secret: string) {
  return createConnection(t.db, box, {
    name,
    tenant: `${name.toLowerCase()}.onmicrosoft.com`,
    clientId: '11111111-2222-3333-4444-555555555555',
    clientSecret: secret,
  });
}

async function storedBox(id: string): Promise<Buffer> {
  const { rows } = await sql<{
    client_secret: Buffer;
  }>`select client_secret from connections where id = ${id}`.execute(t.db);
  return rows[0]!.client_secret;
}

describe('key rotation (K1–K4)', () => {
  it('K2 a client secret copied into another connection row does not decrypt there', async () => {
    const box = createSecretBox(newKey);
    const a = await connectionUnder(box, 'Alpha', 'alpha-secret');
    const b = await connectionUnder(box, 'Beta', 'beta-secret');
    await sql`update connections set client_secret = ${await storedBox(a.id)} where id = ${b.id}`.execute(
      t.db,
    );
    await expect(getConnectionCredentials(t.db, box, b.id)).rejects.toThrow(
      /copied from another row or column/,
    );
    expect((await getConnectionCredentials(t.db, box, a.id))?.clientSecret).toBe('alpha-secret');
  });

  it('K3 keys rotate re-encrypts secrets of the old key and legacy boxes; a second run has nothing to do; the old key can go', async () => {
    const before = createSecretBox(oldKey);
    const a = await connectionUnder(before, 'Alpha', 'alpha-secret');
    await updateConnection(t.db, before, a.id, { refreshToken: 'alpha-refresh' });
    await saveSubscription(t.db, before, {
      connectionId: a.id,
      resource: 'users',
      subscriptionId: 'sub-alpha',
      clientState: 'alpha-client-state',
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    const b = await connectionUnder(before, 'Beta', 'placeholder');
    // a box written before K1 (no key id, no associated data)
    await sql`update connections set client_secret = ${legacyOf(oldKey, 'beta-legacy-secret')} where id = ${b.id}`.execute(
      t.db,
    );

    const during = createSecretBox(newKey, [oldKey]);
    const c = await connectionUnder(during, 'Gamma', 'gamma-secret');

    const first = await rotateSecrets(t.db, during);
    expect(first).toEqual([
      { table: 'connections', column: 'client_secret', rotated: 2, current: 1, unreadable: 0 },
      { table: 'connections', column: 'refresh_token', rotated: 1, current: 0, unreadable: 0 },
      { table: 'graph_subscriptions', column: 'client_state', rotated: 1, current: 0, unreadable: 0 },
    ]);
    const second = await rotateSecrets(t.db, during);
    expect(second.map((r) => [r.rotated, r.current, r.unreadable])).toEqual([
      [0, 3, 0],
      [0, 1, 0],
      [0, 1, 0],
    ]);

    const after = createSecretBox(newKey);
    await expect(assertSecretsReadable(t.db, after)).resolves.toBeUndefined();
    expect(await getConnectionCredentials(t.db, after, a.id)).toMatchObject({
      clientSecret: 'alpha-secret',
      refreshToken: 'alpha-refresh',
    });
    expect((await getConnectionCredentials(t.db, after, b.id))?.clientSecret).toBe('beta-legacy-secret');
    expect((await getConnectionCredentials(t.db, after, c.id))?.clientSecret).toBe('gamma-secret');
    expect((await findSubscription(t.db, after, 'sub-alpha'))?.clientState).toBe('alpha-client-state');
  });

  it('K3 keys rotate walks past one page: 450 secrets, each rotated once, all readable with the new key alone', async () => {
    const before = createSecretBox(oldKey);
    for (let i = 0; i < 450; i += 1) await connectionUnder(before, `Bulk${i}`, `bulk-secret-${i}`);
    const [secrets] = await rotateSecrets(t.db, createSecretBox(newKey, [oldKey]));
    expect(secrets).toMatchObject({ rotated: 450, current: 0, unreadable: 0 });
    await expect(assertSecretsReadable(t.db, createSecretBox(newKey))).resolves.toBeUndefined();
  });

  it('K3 a secret no configured key reads is counted, left alone, and the rest still rotates', async () => {
    const stranger = createSecretBox(randomBytes(32));
    const lost = await connectionUnder(stranger, 'Lost', 'lost-secret');
    const kept = await connectionUnder(createSecretBox(oldKey), 'Kept', 'kept-secret');
    const lostBox = await storedBox(lost.id);
    const during = createSecretBox(newKey, [oldKey]);
    const [secrets] = await rotateSecrets(t.db, during);
    expect(secrets).toEqual({
      table: 'connections',
      column: 'client_secret',
      rotated: 1,
      current: 0,
      unreadable: 1,
    });
    expect((await storedBox(lost.id)).equals(lostBox)).toBe(true);
    expect((await getConnectionCredentials(t.db, createSecretBox(newKey), kept.id))?.clientSecret).toBe(
      'kept-secret',
    );
  });

  it('K4 start-up with a secret no configured key reads stops with a message naming ENCRYPTION_KEY and ENCRYPTION_KEYS_OLD, not the secret', async () => {
    const written = createSecretBox(oldKey);
    await connectionUnder(written, 'Alpha', 'alpha-secret');
    await connectionUnder(written, 'Beta', 'beta-secret');
    const withoutOld = createSecretBox(newKey);
    const error = await assertSecretsReadable(t.db, withoutOld).then(
      () => null,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(EnvError);
    const message = (error as Error).message;
    expect(message).toBe(
      'Invalid environment: ENCRYPTION_KEY cannot decrypt stored secrets (connections.client_secret ×2): ' +
        'neither ENCRYPTION_KEY nor any key in ENCRYPTION_KEYS_OLD reads them. ' +
        'Set the key they were written with as ENCRYPTION_KEY or add it to ENCRYPTION_KEYS_OLD',
    );
    expect(message).not.toContain('alpha-secret');
    await expect(assertSecretsReadable(t.db, createSecretBox(newKey, [oldKey]))).resolves.toBeUndefined();
  });
});

function legacyOf(secretKey: Buffer, plaintext: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', secretKey, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
}
