import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EnvError } from '@entra-sync/config';
import { ensureEncryptionKeyFile, generateAdminToken } from './demo-secrets';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'launcher-secrets-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('demo secrets', () => {
  it('S7.1 generates the demo encryption key once, readable by the owner only, and reuses it', () => {
    const first = ensureEncryptionKeyFile(path.join(dir, 'data'));
    expect(first.created).toBe(true);
    expect(Buffer.from(first.key, 'base64')).toHaveLength(32);
    expect(statSync(first.file).mode & 0o777).toBe(0o600);
    const second = ensureEncryptionKeyFile(path.join(dir, 'data'));
    expect(second).toEqual({ ...first, created: false });
    expect(readFileSync(first.file, 'utf8').trim()).toBe(first.key);
  });

  it('names the file when the stored key is damaged, without printing it', () => {
    const file = path.join(dir, 'encryption-key');
    writeFileSync(file, 'not-a-key-at-all', { mode: 0o600 });
    expect(() => ensureEncryptionKeyFile(dir)).toThrow(EnvError);
    expect(() => ensureEncryptionKeyFile(dir)).toThrow(
      `ENCRYPTION_KEY in ${file} must be base64 of 32 bytes`,
    );
    try {
      ensureEncryptionKeyFile(dir);
    } catch (err) {
      expect((err as Error).message).not.toContain('not-a-key-at-all');
    }
  });

  it('generates an admin token long enough for ADMIN_TOKEN and different every run', () => {
    const a = generateAdminToken();
    expect(a.length).toBeGreaterThanOrEqual(32);
    expect(generateAdminToken()).not.toBe(a);
    // never an option-looking value for `entra-sync --token <value>`
    for (let i = 0; i < 500; i++) expect(generateAdminToken()).toMatch(/^[0-9a-f]{48}$/);
  });
});
