import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

// AES-256-GCM (S7.1, decisions K1–K3). Current format: MAGIC (4) | key id (8) | iv (12) | tag (16) | ciphertext,
// with the header and the row's place (table.column:row id) as associated data, so a box copied to another row
// or column fails. Legacy boxes (before K1): iv | tag | ciphertext, no associated data; still read, rewritten by
// `entra-sync keys rotate`. Messages never include a key or a plaintext.
const MAGIC = Buffer.from('ESB2', 'latin1');
const KEY_ID_BYTES = 8;
const HEADER_BYTES = MAGIC.length + KEY_ID_BYTES;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export class EncryptionKeyError extends Error {
  override name = 'EncryptionKeyError';
}

export class SecretDecryptionError extends Error {
  override name = 'SecretDecryptionError';
  constructor(
    message: string,
    readonly reason: 'truncated' | 'unknown-key' | 'rejected',
  ) {
    super(message);
  }
}

/** Where a secret is stored: bound into the ciphertext as associated data. */
export interface SecretContext {
  table: string;
  column: string;
  rowId: string;
}

export interface SecretBox {
  encrypt(plaintext: string, context: SecretContext): Buffer;
  decrypt(box: Buffer, context: SecretContext): string;
  /** written under ENCRYPTION_KEY in the current format: nothing for `keys rotate` to do */
  isCurrent(box: Buffer): boolean;
  /** the header every current box starts with (for finding the others in SQL) */
  readonly currentHeader: Buffer;
}

/** Parses one key (base64 of 32 bytes); `variable` names it in the message. */
export function parseEncryptionKey(base64: string, variable = 'ENCRYPTION_KEY'): Buffer {
  const value = base64.trim();
  const key = /^[A-Za-z0-9+/]+={0,2}$/.test(value) ? Buffer.from(value, 'base64') : Buffer.alloc(0);
  if (key.length !== KEY_BYTES) {
    throw new EncryptionKeyError(
      `${variable} must be base64 of ${KEY_BYTES} bytes (e.g. \`openssl rand -base64 32\`); got ${key.length} bytes`,
    );
  }
  return key;
}

/** A key's public id: a hash prefix, so a box names its key without revealing it. */
export function keyIdOf(key: Buffer): Buffer {
  return createHash('sha256')
    .update('entra-sync secret-box key id\0')
    .update(key)
    .digest()
    .subarray(0, KEY_ID_BYTES);
}

const toKey = (key: Buffer | string, variable: string): Buffer => {
  const bytes = typeof key === 'string' ? parseEncryptionKey(key, variable) : key;
  if (bytes.length !== KEY_BYTES)
    throw new EncryptionKeyError(`encryption key must be ${KEY_BYTES} bytes; got ${bytes.length}`);
  return bytes;
};

const placeOf = (context: SecretContext): Buffer =>
  Buffer.from(`${context.table}.${context.column}:${context.rowId}`, 'utf8');

/**
 * Encrypts with `key` (ENCRYPTION_KEY); reads boxes written with it or with any of `oldKeys`
 * (ENCRYPTION_KEYS_OLD), in the current or the legacy format.
 */
export function createSecretBox(key: Buffer | string, oldKeys: readonly (Buffer | string)[] = []): SecretBox {
  const current = toKey(key, 'ENCRYPTION_KEY');
  const readable = [current, ...oldKeys.map((k) => toKey(k, 'ENCRYPTION_KEYS_OLD'))];
  const byId = new Map(readable.map((k) => [keyIdOf(k).toString('hex'), k] as const));
  const currentHeader = Buffer.concat([MAGIC, keyIdOf(current)]);

  const open = (secretKey: Buffer, body: Buffer, aad: Buffer | null): string | null => {
    try {
      const decipher = createDecipheriv('aes-256-gcm', secretKey, body.subarray(0, IV_BYTES));
      if (aad) decipher.setAAD(aad);
      decipher.setAuthTag(body.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(body.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      return null;
    }
  };

  const openLegacy = (box: Buffer): string | null => {
    for (const candidate of readable) {
      const plain = open(candidate, box, null);
      if (plain !== null) return plain;
    }
    return null;
  };

  return {
    currentHeader,
    encrypt(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current, iv);
      cipher.setAAD(Buffer.concat([currentHeader, placeOf(context)]));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([currentHeader, iv, cipher.getAuthTag(), ciphertext]);
    },
    decrypt(box, context) {
      if (box.length < IV_BYTES + TAG_BYTES)
        throw new SecretDecryptionError('stored secret is truncated', 'truncated');
      const versioned =
        box.length >= HEADER_BYTES + IV_BYTES + TAG_BYTES && box.subarray(0, MAGIC.length).equals(MAGIC);
      if (versioned) {
        const header = box.subarray(0, HEADER_BYTES);
        const secretKey = byId.get(box.subarray(MAGIC.length, HEADER_BYTES).toString('hex'));
        const plain = secretKey
          ? open(secretKey, box.subarray(HEADER_BYTES), Buffer.concat([header, placeOf(context)]))
          : null;
        if (plain !== null) return plain;
        // a legacy box whose random iv happens to start with MAGIC (2^-32)
        const legacy = openLegacy(box);
        if (legacy !== null) return legacy;
        if (!secretKey)
          throw new SecretDecryptionError(
            'stored secret was written with a key that is neither ENCRYPTION_KEY nor one of ENCRYPTION_KEYS_OLD',
            'unknown-key',
          );
        throw new SecretDecryptionError(
          'stored secret could not be decrypted: altered, or copied from another row or column',
          'rejected',
        );
      }
      const legacy = openLegacy(box);
      if (legacy !== null) return legacy;
      throw new SecretDecryptionError(
        'stored secret could not be decrypted (wrong ENCRYPTION_KEY? an older key belongs in ENCRYPTION_KEYS_OLD)',
        'unknown-key',
      );
    },
    isCurrent(box) {
      return box.length >= HEADER_BYTES && box.subarray(0, HEADER_BYTES).equals(currentHeader);
    },
  };
}
