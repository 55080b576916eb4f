#!/usr/bin/env node
// `npm run chaos [-- --quick]`: prepares the Graph emulator's TLS certificate, then runs the chaos suite
// (apps/bench/src/chaos) with that CA trusted. Extra arguments go to the suite (`--help` lists them).
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { prepareEmulatorTls, root } = require('./emulator-tls');

const { tlsDir, bundle } = prepareEmulatorTls('npm run chaos');
const chaos = spawnSync(
  process.execPath,
  ['--require', 'tsx/cjs', path.join(root, 'apps/bench/src/chaos/main.ts'), ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: bundle, ENTRA_SYNC_TLS_DIR: tlsDir },
  },
);
process.exit(chaos.status ?? 1);
