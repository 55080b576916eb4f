import { createCipheriv, randomBytes } from 'node:crypto';
import {
  createSecretBox,
  EncryptionKeyError,
  keyIdOf,
  parseEncryptionKey,
  SecretDecryptionError,
  type SecretContext,
} from './secret-box';

const key = randomBytes(32).toString('base64');
const here: SecretContext = { table: 'connections', column: 'client_secret', rowId: 'row-1' };

/** A box as written before K1: iv | tag | ciphertext, no key id, no associated data. */
function legacyBox(secretKey: Buffer, plaintext: string): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', secretKey, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
}

describe('secret box (S7.1)', () => {
  it('S7.1 round-trips a secret and hides it in the ciphertext', () => {
    const box = createSecretBox(key);
    const secret = 'Xy9~client-secret-value';
    const sealed = box.encrypt(secret, here);
    expect(sealed.includes(Buffer.from(secret))).toBe(false);
    expect(sealed.length).toBe(4 + 8 + 12 + 16 + Buffer.byteLength(secret));
    expect(box.decrypt(sealed, here)).toBe(secret);
  });

  it('uses a fresh iv each time', () => {
    const box = createSecretBox(key);
    expect(box.encrypt('same', here).equals(box.encrypt('same', here))).toBe(false);
  });

  it('K1 a box carries the id of its key, not the key', () => {
    const box = createSecretBox(key);
    const sealed = box.encrypt('x', here);
    expect(sealed.subarray(4, 12).equals(keyIdOf(parseEncryptionKey(key)))).toBe(true);
    expect(sealed.includes(parseEncryptionKey(key).subarray(0, 8))).toBe(false);
    expect(box.isCurrent(sealed)).toBe(true);
  });

  it('K2 a box copied to another row, column or table does not decrypt', () => {
    const box = createSecretBox(key);
    const sealed = box.encrypt('top-secret', here);
    for (const elsewhere of [
      { ...here, rowId: 'row-2' },
      { ...here, column: 'refresh_token' },
      { ...here, table: 'graph_subscriptions' },
    ]) {
      expect(() => box.decrypt(sealed, elsewhere)).toThrow(/copied from another row or column/);
    }
  });

  it('K1 ENCRYPTION_KEYS_OLD reads boxes of an old key; new boxes use ENCRYPTION_KEY', () => {
    const oldKey = randomBytes(32);
    const before = createSecretBox(oldKey).encrypt('written before', here);
    const rotated = createSecretBox(key, [oldKey]);
    expect(rotated.decrypt(before, here)).toBe('written before');
    expect(rotated.isCurrent(before)).toBe(false);
    expect(rotated.isCurrent(rotated.encrypt('new', here))).toBe(true);
    expect(() => createSecretBox(key).decrypt(before, here)).toThrow(
      'stored secret was written with a key that is neither ENCRYPTION_KEY nor one of ENCRYPTION_KEYS_OLD',
    );
  });

  it('K3 a legacy box (no key id) is still read with the key that wrote it, current or old', () => {
    const oldKey = randomBytes(32);
    const legacy = legacyBox(oldKey, 'from before K1');
    expect(createSecretBox(oldKey).decrypt(legacy, here)).toBe('from before K1');
    expect(createSecretBox(key, [oldKey]).decrypt(legacy, here)).toBe('from before K1');
    expect(createSecretBox(oldKey).isCurrent(legacy)).toBe(false);
    expect(() => createSecretBox(key).decrypt(legacy, here)).toThrow(/wrong ENCRYPTION_KEY/);
  });

  it('rejects a tampered or truncated box without echoing anything secret', () => {
    const box = createSecretBox(key);
    const sealed = box.encrypt('top-secret', here);
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
    expect(() => box.decrypt(tampered, here)).toThrow(SecretDecryptionError);
    expect(() => box.decrypt(Buffer.alloc(5), here)).toThrow(SecretDecryptionError);
    try {
      box.decrypt(tampered, here);
    } catch (err) {
      expect((err as Error).message).not.toContain('top-secret');
      expect((err as Error).message).not.toContain(key);
    }
  });

  it('explains a bad ENCRYPTION_KEY without echoing it', () => {
    const short = randomBytes(16).toString('base64');
    const message = (() => {
      try {
        parseEncryptionKey(short);
        return 'accepted';
      } catch (error) {
        expect(error).toBeInstanceOf(EncryptionKeyError);
        return (error as Error).message;
      }
    })();
    expect(message).toBe(
      'ENCRYPTION_KEY must be base64 of 32 bytes (e.g. `openssl rand -base64 32`); got 16 bytes',
    );
    expect(message).not.toContain(short);
    expect(() => parseEncryptionKey('not base64 at all!')).toThrow(/got 0 bytes/);
    expect(parseEncryptionKey(` ${key}\n`)).toHaveLength(32);
    expect(() => createSecretBox(key, [short])).toThrow(/^ENCRYPTION_KEYS_OLD must be base64 of 32 bytes/);
  });
});
