// Prepares the Graph emulator's TLS certificate and returns the CA bundle to trust. Node reads
// NODE_EXTRA_CA_CERTS only at process start, so `npm test` and `npm run bench` call this before their runs.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

/** @returns {{ tlsDir: string, bundle: string }} */
function prepareEmulatorTls(command) {
  const tlsDir = process.env.ENTRA_SYNC_TLS_DIR || path.join(root, '.data', 'tls');
  const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
  const ensured = spawnSync(tsx, [path.join(root, 'apps/graph-emulator/src/tls/ensure-tls.cli.ts'), tlsDir], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (ensured.status !== 0) {
    console.error(`${command}: could not prepare the emulator certificate (see above).`);
    process.exit(ensured.status || 1);
  }
  return { tlsDir, bundle: ensured.stdout.trim().split('\n').pop() };
}

module.exports = { prepareEmulatorTls, root };
