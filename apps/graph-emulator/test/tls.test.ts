import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureTls } from '../src';

describe('ensureTls', () => {
  const dirs: string[] = [];
  const previous = process.env.NODE_EXTRA_CA_CERTS;
  const tempDir = () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'emulator-tls-'));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => {
    process.env.NODE_EXTRA_CA_CERTS = previous;
  });
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('S7.5 creates a CA and a loopback server certificate once, then reuses them', async () => {
    const dir = tempDir();
    delete process.env.NODE_EXTRA_CA_CERTS;
    const files = await ensureTls(dir);
    const server = new X509Certificate(readFileSync(files.certPath));
    const ca = new X509Certificate(readFileSync(files.caPath));
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(ca.ca).toBe(true);
    expect(server.subjectAltName).toContain('DNS:localhost');
    expect(server.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(statSync(files.keyPath).mode & 0o777).toBe(0o600);
    const mtime = statSync(files.certPath).mtimeMs;
    const again = await ensureTls(dir);
    expect(again).toEqual(files);
    expect(statSync(files.certPath).mtimeMs).toBe(mtime);
    expect(readFileSync(files.bundlePath, 'utf8').trim()).toBe(readFileSync(files.caPath, 'utf8').trim());
  });

  it('S7.5 the bundle appends the CA to the file NODE_EXTRA_CA_CERTS already named, without duplicating it', async () => {
    const dir = tempDir();
    const other = await ensureTls(tempDir());
    const inherited = path.join(dir, 'system.pem');
    writeFileSync(inherited, readFileSync(other.caPath));
    process.env.NODE_EXTRA_CA_CERTS = inherited;
    const files = await ensureTls(dir);
    const bundle = readFileSync(files.bundlePath, 'utf8');
    expect(bundle).toContain(readFileSync(other.caPath, 'utf8').trim());
    expect(bundle).toContain(readFileSync(files.caPath, 'utf8').trim());
    process.env.NODE_EXTRA_CA_CERTS = files.bundlePath;
    await ensureTls(dir);
    const rerun = readFileSync(files.bundlePath, 'utf8');
    expect(rerun.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
  });

  it('S7.5 replaces a certificate that no longer chains to the CA', async () => {
    const dir = tempDir();
    delete process.env.NODE_EXTRA_CA_CERTS;
    const files = await ensureTls(dir);
    const foreign = await ensureTls(tempDir());
    writeFileSync(files.certPath, readFileSync(foreign.certPath));
    await ensureTls(dir);
    const server = new X509Certificate(readFileSync(files.certPath));
    expect(server.checkIssued(new X509Certificate(readFileSync(files.caPath)))).toBe(true);
  });

  it('S7.5 two emulator CAs never share a subject, so one trust bundle can hold both', async () => {
    delete process.env.NODE_EXTRA_CA_CERTS;
    const first = new X509Certificate(readFileSync((await ensureTls(tempDir())).caPath));
    const second = new X509Certificate(readFileSync((await ensureTls(tempDir())).caPath));
    expect(first.subject).not.toBe(second.subject);
  });
});
