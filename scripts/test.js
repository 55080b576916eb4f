#!/usr/bin/env node
// `npm test`: prepares the Graph emulator's TLS certificate, then runs the whole jest suite with that CA
// trusted. Extra arguments go to jest.
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { prepareEmulatorTls, root } = require('./emulator-tls');

const { tlsDir, bundle } = prepareEmulatorTls('npm test');
const jest = spawnSync(path.join(root, 'node_modules', '.bin', 'jest'), process.argv.slice(2), {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, NODE_EXTRA_CA_CERTS: bundle, ENTRA_SYNC_TLS_DIR: tlsDir },
});
process.exit(jest.status ?? 1);
