import { readFileSync } from 'node:fs';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../emulator';

const HOW_TO_RUN =
  'Run the tests with `npm test` (it prepares the emulator certificate), or: ' +
  '`npx tsx apps/graph-emulator/src/tls/ensure-tls.cli.ts .data/tls && ' +
  'NODE_EXTRA_CA_CERTS=.data/tls/ca-bundle.pem ENTRA_SYNC_TLS_DIR=.data/tls npx jest --selectProjects <project>`.';

/**
 * The emulator in-process over HTTPS for tests, trusted through NODE_EXTRA_CA_CERTS (read by Node only at start,
 * so the certificate must exist before jest starts). Missing setup fails loudly instead of skipping.
 */
export async function startTestEmulator(
  options: Omit<EmulatorOptions, 'tlsDir' | 'port'> = {},
): Promise<RunningEmulator> {
  const tlsDir = process.env.ENTRA_SYNC_TLS_DIR;
  if (!tlsDir) throw new Error(`ENTRA_SYNC_TLS_DIR is not set. ${HOW_TO_RUN}`);
  const emulator = await startEmulator({ tlsDir, port: 0, ...options });
  const trusted = process.env.NODE_EXTRA_CA_CERTS
    ? readFileSync(process.env.NODE_EXTRA_CA_CERTS, 'utf8')
    : '';
  if (!trusted.includes(readFileSync(emulator.caPath, 'utf8').trim())) {
    await emulator.close();
    throw new Error(
      `NODE_EXTRA_CA_CERTS does not contain the emulator CA (${emulator.caPath}). ${HOW_TO_RUN}`,
    );
  }
  return emulator;
}
