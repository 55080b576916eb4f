import { randomBytes } from 'node:crypto';
import {
  assertSecretsReadable,
  createConnection,
  createSecretBox,
  getConnectionCredentials,
  type SecretBox,
} from '@entra-sync/db';
import { createTestDatabase, type TestDatabase } from '@entra-sync/db/testing';
import { runCli } from './support/run-cli';

describe('entra-sync keys rotate (DATABASE_URL directly, K3)', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    await database?.destroy();
  });

  const add = (box: SecretBox, name: string, secret: string) =>
    createConnection(database.db, box, {
      name,
      tenant: `${name.toLowerCase()}.onmicrosoft.com`,
      clientId: '11111111-2222-3333-4444-555555555555',
      clientSecret: secret,
    });

  it('K3 re-encrypts under ENCRYPTION_KEY, reports counts, is idempotent, and afterwards the old key can go', async () => {
    const oldKey = randomBytes(32).toString('base64');
    const newKey = randomBytes(32).toString('base64');
    const a = await add(createSecretBox(oldKey), 'Alpha', 'alpha-secret');
    await add(createSecretBox(oldKey), 'Beta', 'beta-secret');
    const env = { DATABASE_URL: database.url, ENCRYPTION_KEY: newKey, ENCRYPTION_KEYS_OLD: oldKey };

    const first = await runCli(['keys', 'rotate'], env);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/\nconnections\.client_secret +2 +0 +0\n/);
    expect(first.stdout).toContain('(2 re-encrypted now): ENCRYPTION_KEYS_OLD can be removed.');
    expect(first.stdout).not.toContain(oldKey);
    expect(first.stdout).not.toContain('alpha-secret');

    const again = await runCli(['keys', 'rotate', '--json'], env);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ rotated: 0, current: 2, unreadable: 0, done: true });

    const onlyNew = createSecretBox(newKey);
    await expect(assertSecretsReadable(database.db, onlyNew)).resolves.toBeUndefined();
    expect((await getConnectionCredentials(database.db, onlyNew, a.id))?.clientSecret).toBe('alpha-secret');

    // X3: both runs are operator actions in the audit, with counts and never a key
    const audited = await database.db
      .selectFrom('operator_audit')
      .select(['action', 'detail'])
      .where('action', '=', 'keys.rotate')
      .orderBy('id')
      .execute();
    expect(audited.map((row) => row.detail)).toEqual([
      expect.objectContaining({ rotated: 2, unreadable: 0 }),
      expect.objectContaining({ rotated: 0, current: 2 }),
    ]);
    expect(JSON.stringify(audited)).not.toContain(oldKey);
  });

  it('K3 exit 1 when a secret is under a key it was not given (left as it is); exit 2 without or with a bad key', async () => {
    const newKey = randomBytes(32).toString('base64');
    await add(createSecretBox(randomBytes(32)), 'Lost', 'lost-secret');
    const lost = await runCli(['keys', 'rotate', '--json'], {
      DATABASE_URL: database.url,
      ENCRYPTION_KEY: newKey,
    });
    expect(lost.code).toBe(1);
    expect(JSON.parse(lost.stdout)).toMatchObject({ rotated: 0, unreadable: 1, done: false });

    const missing = await runCli(['keys', 'rotate'], { DATABASE_URL: database.url });
    expect([missing.code, missing.stderr]).toEqual([
      2,
      'entra-sync: keys rotate needs ENCRYPTION_KEY (the key to re-encrypt under)\n',
    ]);
    const short = randomBytes(16).toString('base64');
    const bad = await runCli(['keys', 'rotate'], {
      DATABASE_URL: database.url,
      ENCRYPTION_KEY: newKey,
      ENCRYPTION_KEYS_OLD: short,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^entra-sync: ENCRYPTION_KEYS_OLD must be base64 of 32 bytes/);
    expect(bad.stderr).not.toContain(short);
  });
});
