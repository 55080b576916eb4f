// Starts the emulator alone: `npx tsx apps/graph-emulator/src/main.ts [--port 8443] [--tls-dir .data/tls]
// [--seed demo --users 50 --groups 5]` (or `node apps/graph-emulator/dist/main.js …`, the build). Prints the URL
// (GRAPH_ENDPOINT and LOGIN_ENDPOINT) and the CA to trust.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runService } from '@entra-sync/telemetry';
import { startEmulator } from './emulator';

runService({
  name: 'graph-emulator',
  loadEnv: () => ({ LOG_LEVEL: process.env.LOG_LEVEL }),
  start: async () => {
    const emulator = await start();
    return [{ name: 'emulator', run: () => emulator.close() }];
  },
});

async function start() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.GRAPH_EMULATOR_PORT ?? '8443' },
      host: { type: 'string', default: '127.0.0.1' },
      // the repository's .data/tls whatever the working directory (npm start -w runs in this workspace)
      'tls-dir': {
        type: 'string',
        default: process.env.ENTRA_SYNC_TLS_DIR ?? path.resolve(__dirname, '..', '..', '..', '.data', 'tls'),
      },
      seed: { type: 'string' },
      users: { type: 'string', default: '50' },
      groups: { type: 'string', default: '5' },
      log: { type: 'boolean', default: false },
    },
  });
  const emulator = await startEmulator({
    port: Number(values.port),
    host: values.host,
    tlsDir: values['tls-dir'],
    logger: values.log,
  });
  const lines = [
    `graph-emulator listening on ${emulator.url}`,
    `  GRAPH_ENDPOINT=${emulator.url} LOGIN_ENDPOINT=${emulator.url}`,
    `  CA certificate: ${emulator.caPath} (bundle for NODE_EXTRA_CA_CERTS: ${emulator.caPath.replace(/ca-cert\.pem$/, 'ca-bundle.pem')})`,
    `  control API: ${emulator.url}/_emulator/ (see apps/graph-emulator/README.md)`,
  ];
  if (values.seed !== undefined) {
    const tenant = emulator.state.createTenant({
      domain: 'demo.onmicrosoft.com',
      displayName: 'Demo tenant',
    });
    const chosen = process.env.GRAPH_EMULATOR_CLIENT_SECRET;
    const { app, clientSecret } = emulator.state.createApp(tenant.id, {
      displayName: 'entra-sync demo',
      ...(chosen ? { clientSecret: chosen } : {}),
    });
    const seeded = emulator.state.seed(tenant.id, {
      seed: values.seed,
      users: Number(values.users),
      groups: Number(values.groups),
    });
    // the secret goes to a private file, never to the console
    const credentialsFile = path.resolve(values['tls-dir'], '..', 'graph-emulator-demo.json');
    writeFileSync(
      credentialsFile,
      JSON.stringify(
        { tenantId: tenant.id, domain: tenant.domain, clientId: app.clientId, clientSecret },
        null,
        2,
      ),
      { mode: 0o600 },
    );
    lines.push(
      `  seeded tenant ${tenant.id} (${tenant.domain}): ${seeded.userIds.length} users, ${seeded.groupIds.length} groups`,
    );
    lines.push(`  app ${app.clientId}; tenant, client id and secret in ${credentialsFile}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return emulator;
}
