import { randomBytes, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generate } from 'selfsigned';

export interface TlsFiles {
  /** server certificate (PEM) for 127.0.0.1, ::1 and localhost, issued by the emulator CA */
  certPath: string;
  keyPath: string;
  /** the emulator CA certificate alone */
  caPath: string;
  /** NODE_EXTRA_CA_CERTS's previous file (if any) + the emulator CA: what processes should trust */
  bundlePath: string;
}

const DAY_MS = 86_400_000;
const SERVER_NAMES = { dns: ['localhost'], ips: ['127.0.0.1', '::1'] };
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Creates (once) a private CA and a loopback server certificate under `dir`, and (re)writes `ca-bundle.pem`.
 * Node reads NODE_EXTRA_CA_CERTS only at process start, so this runs before the processes that need it.
 */
export async function ensureTls(dir: string): Promise<TlsFiles> {
  const root = path.resolve(dir);
  mkdirSync(root, { recursive: true });
  const files: TlsFiles = {
    certPath: path.join(root, 'server-cert.pem'),
    keyPath: path.join(root, 'server-key.pem'),
    caPath: path.join(root, 'ca-cert.pem'),
    bundlePath: path.join(root, 'ca-bundle.pem'),
  };
  await withLock(path.join(root, '.lock'), async () => {
    if (!isUsable(files)) await createCertificates(files);
    writeBundle(files);
  });
  return files;
}

function isUsable(files: TlsFiles): boolean {
  try {
    if (![files.certPath, files.keyPath, files.caPath].every((f) => existsSync(f))) return false;
    const ca = new X509Certificate(readFileSync(files.caPath));
    const server = new X509Certificate(readFileSync(files.certPath));
    const soon = Date.now() + DAY_MS;
    if (Date.parse(ca.validTo) < soon || Date.parse(server.validTo) < soon) return false;
    if (!server.checkIssued(ca) || !server.verify(ca.publicKey)) return false;
    if (!/local CA [0-9a-f]{8}/.test(ca.subject)) return false; // from before CA names were unique
    const san = server.subjectAltName ?? '';
    return (
      SERVER_NAMES.dns.every((name) => san.includes(`DNS:${name}`)) &&
      san.includes('IP Address:127.0.0.1') &&
      (san.includes('IP Address:0:0:0:0:0:0:0:1') || san.includes('IP Address:::1'))
    );
  } catch {
    return false;
  }
}

async function createCertificates(files: TlsFiles): Promise<void> {
  const notBeforeDate = new Date(Date.now() - DAY_MS);
  const notAfterDate = new Date(Date.now() + 800 * DAY_MS);
  // A unique CA name: two emulator CAs in one trust bundle (the repo's and a demo data dir's) must not share a
  // subject, or OpenSSL checks the server certificate against the wrong one (CERT_SIGNATURE_FAILURE).
  const caName = `entra-sync graph-emulator local CA ${randomBytes(4).toString('hex')}`;
  const ca = await generate([{ name: 'commonName', value: caName }], {
    algorithm: 'sha256',
    keySize: 2048,
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true, pathLenConstraint: 0, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: 'localhost' }], {
    algorithm: 'sha256',
    keySize: 2048,
    notBeforeDate,
    notAfterDate,
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...SERVER_NAMES.dns.map((value) => ({ type: 2 as const, value })),
          ...SERVER_NAMES.ips.map((ip) => ({ type: 7 as const, ip })),
        ],
      },
    ],
  });
  writeAtomic(files.keyPath, server.private, 0o600);
  writeAtomic(files.certPath, server.cert);
  writeAtomic(files.caPath, ca.cert);
}

/**
 * The bundle keeps whatever NODE_EXTRA_CA_CERTS named (e.g. the system bundle). When that variable already names
 * our bundle (a process started by `npm test` runs this again), the recorded original source is used instead, so
 * re-running never stacks copies and a regenerated CA replaces the old one.
 */
function writeBundle(files: TlsFiles): void {
  const ourCa = readFileSync(files.caPath, 'utf8').trim();
  const sourceFile = path.join(path.dirname(files.bundlePath), 'ca-bundle.source.json');
  const recorded = readJson<{ source: string | null; ca: string }>(sourceFile);
  const named = process.env.NODE_EXTRA_CA_CERTS ? path.resolve(process.env.NODE_EXTRA_CA_CERTS) : null;
  let source = named;
  let inherited: string[] = [];
  if (named === files.bundlePath) {
    source = recorded?.source ?? null;
    inherited =
      source && existsSync(source)
        ? pemBlocks(source)
        : existsSync(named)
          ? pemBlocks(named).filter((b) => b !== recorded?.ca)
          : [];
  } else if (named && existsSync(named)) {
    inherited = pemBlocks(named);
  }
  const content = [...new Set(inherited.filter((b) => b !== ourCa)), ourCa].join('\n') + '\n';
  if (!existsSync(files.bundlePath) || readFileSync(files.bundlePath, 'utf8') !== content)
    writeAtomic(files.bundlePath, content);
  if (recorded?.source !== source || recorded?.ca !== ourCa)
    writeAtomic(sourceFile, JSON.stringify({ source, ca: ourCa }));
}

function pemBlocks(file: string): string[] {
  return (readFileSync(file, 'utf8').match(PEM_BLOCK) ?? []).map((block) => block.trim());
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

function writeAtomic(file: string, content: string, mode = 0o644): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, content, { mode });
  renameSync(tmp, file);
}

/** Processes started together (jest workers, `npm start`) must not generate two different CAs. */
async function withLock(lockDir: string, work: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (Date.now() - statSafe(lockDir) > 30_000) rmSync(lockDir, { recursive: true, force: true });
      if (Date.now() > deadline)
        throw new Error(`ensureTls: ${lockDir} is held by another process`, { cause: err });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    await work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

function statSafe(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return Date.now();
  }
}
