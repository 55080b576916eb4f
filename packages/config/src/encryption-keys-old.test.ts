import { z } from 'zod';
import { EnvError, envFields, loadEnv } from './index';

const schema = z.object({ ENCRYPTION_KEYS_OLD: envFields.ENCRYPTION_KEYS_OLD });
const keyA = Buffer.alloc(32, 1).toString('base64');
const keyB = Buffer.alloc(32, 2).toString('base64');

describe('ENCRYPTION_KEYS_OLD (K1)', () => {
  it('K1 is a comma-separated list of base64 keys, empty when unset', () => {
    expect(loadEnv(schema, {}).ENCRYPTION_KEYS_OLD).toEqual([]);
    expect(loadEnv(schema, { ENCRYPTION_KEYS_OLD: ` ${keyA} ,${keyB},` }).ENCRYPTION_KEYS_OLD).toEqual([
      keyA,
      keyB,
    ]);
  });

  it('K1 names the bad key by position and never echoes a key', () => {
    const short = Buffer.alloc(16, 3).toString('base64');
    let message = '';
    try {
      loadEnv(schema, { ENCRYPTION_KEYS_OLD: `${keyA},${short}` });
    } catch (err) {
      expect(err).toBeInstanceOf(EnvError);
      message = (err as Error).message;
    }
    expect(message).toBe(
      'Invalid environment: ENCRYPTION_KEYS_OLD must be comma-separated base64 keys of 32 bytes; key 2 is not',
    );
    expect(message).not.toContain(short);
    expect(message).not.toContain(keyA);
  });
});
