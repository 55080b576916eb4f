import { randomBytes } from 'node:crypto';
import { createSecretBox, EncryptionKeyError, parseEncryptionKey, SecretDecryptionError } from './secret-box';

const key = randomBytes(32).toString('base64');

describe('secret box (S7.1)', () => {
  it('S7.1 round-trips a secret and hides it in the ciphertext', () => {
    const box = createSecretBox(key);
    const secret = 'Xy9~client-secret-value';
    const sealed = box.encrypt(secret);
    expect(sealed.includes(Buffer.from(secret))).toBe(false);
    expect(sealed.length).toBe(12 + 16 + Buffer.byteLength(secret));
    expect(box.decrypt(sealed)).toBe(secret);
  });

  it('uses a fresh iv each time', () => {
    const box = createSecretBox(key);
    expect(box.encrypt('same').equals(box.encrypt('same'))).toBe(false);
  });

  it('rejects a tampered box or another key without echoing anything secret', () => {
    const box = createSecretBox(key);
    const sealed = box.encrypt('top-secret');
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 1;
    expect(() => box.decrypt(tampered)).toThrow(SecretDecryptionError);
    const other = createSecretBox(randomBytes(32));
    expect(() => other.decrypt(sealed)).toThrow(/wrong ENCRYPTION_KEY/);
    expect(() => box.decrypt(Buffer.alloc(5))).toThrow(SecretDecryptionError);
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
  });
});
