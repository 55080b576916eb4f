import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

// AES-256-GCM; stored as iv (12) | tag (16) | ciphertext. Messages never include key or plaintext (S7.1).
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export class EncryptionKeyError extends Error {
  override name = 'EncryptionKeyError';
}

export class SecretDecryptionError extends Error {
  override name = 'SecretDecryptionError';
}

export interface SecretBox {
  encrypt(plaintext: string): Buffer;
  decrypt(box: Buffer): string;
}

/** Parses ENCRYPTION_KEY (base64 of 32 bytes). */
export function parseEncryptionKey(base64: string): Buffer {
  const value = base64.trim();
  const key = /^[A-Za-z0-9+/]+={0,2}$/.test(value) ? Buffer.from(value, 'base64') : Buffer.alloc(0);
  if (key.length !== KEY_BYTES) {
    throw new EncryptionKeyError(
      `ENCRYPTION_KEY must be base64 of ${KEY_BYTES} bytes (e.g. \`openssl rand -base64 32\`); got ${key.length} bytes`,
    );
  }
  return key;
}

export function createSecretBox(key: Buffer | string): SecretBox {
  const secretKey = typeof key === 'string' ? parseEncryptionKey(key) : key;
  if (secretKey.length !== KEY_BYTES) {
    throw new EncryptionKeyError(`encryption key must be ${KEY_BYTES} bytes; got ${secretKey.length}`);
  }
  return {
    encrypt(plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', secretKey, iv);
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
    },
    decrypt(box) {
      if (box.length < IV_BYTES + TAG_BYTES) {
        throw new SecretDecryptionError('stored secret is truncated');
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', secretKey, box.subarray(0, IV_BYTES));
        decipher.setAuthTag(box.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        return Buffer.concat([
          decipher.update(box.subarray(IV_BYTES + TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new SecretDecryptionError('stored secret could not be decrypted (wrong ENCRYPTION_KEY?)');
      }
    },
  };
}
