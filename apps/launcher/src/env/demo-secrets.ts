import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EnvError, envFields } from '@entra-sync/config';

/**
 * A bearer token for this run of the demo (printed, never stored). Hex, not base64url: a token starting with '-'
 * would be read as an option by `entra-sync --token <value>`.
 */
export const generateAdminToken = (): string => randomBytes(24).toString('hex');

/**
 * The demo's ENCRYPTION_KEY: created once under the data directory (0600) and reused, so secrets the demo
 * stored stay readable across restarts.
 */
export function ensureEncryptionKeyFile(dataDir: string): { key: string; file: string; created: boolean } {
  const file = path.join(dataDir, 'encryption-key');
  if (existsSync(file)) {
    const key = readFileSync(file, 'utf8').trim();
    if (!envFields.ENCRYPTION_KEY.safeParse(key).success)
      throw new EnvError([
        {
          variable: 'ENCRYPTION_KEY',
          message: `in ${file} must be base64 of 32 bytes; delete the file to generate a new one (secrets stored with the old key become unreadable)`,
        },
      ]);
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    return { key, file, created: false };
  }
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('base64');
  writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  return { key, file, created: true };
}
