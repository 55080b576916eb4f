#!/usr/bin/env node
// `npm test`: prepares the Graph emulator's TLS certificate (Node reads NODE_EXTRA_CA_CERTS only at start),
// then runs the whole jest suite with that CA trusted. Extra arguments go to jest.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const tlsDir = process.env.ENTRA_SYNC_TLS_DIR || path.join(root, '.data', 'tls');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

const ensured = spawnSync(tsx, [path.join(root, 'apps/graph-emulator/src/tls/ensure-tls.cli.ts'), tlsDir], {
  cwd: root,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
});
if (ensured.status !== 0) {
  console.error('npm test: could not prepare the emulator certificate (see above).');
  process.exit(ensured.status || 1);
}
const bundle = ensured.stdout.trim().split('\n').pop();

const jest = spawnSync(path.join(root, 'node_modules', '.bin', 'jest'), process.argv.slice(2), {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_EXTRA_CA_CERTS: bundle, ENTRA_SYNC_TLS_DIR: tlsDir },
});
process.exit(jest.status ?? 1);
