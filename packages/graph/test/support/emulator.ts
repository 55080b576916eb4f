import { readFileSync } from 'node:fs';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '@entra-sync/graph-emulator';
import {
  createGraphClient,
  GraphRequestCounter,
  resolveEndpoints,
  type GraphClient,
  type GraphEndpoints,
} from '../../src';

const HOW_TO_RUN =
  'Run the tests with `npm test` (it prepares the emulator certificate), or: ' +
  '`npx tsx apps/graph-emulator/src/tls/ensure-tls.cli.ts .data/tls && ' +
  'NODE_EXTRA_CA_CERTS=.data/tls/ca-bundle.pem ENTRA_SYNC_TLS_DIR=.data/tls npx jest --selectProjects graph graph-emulator`.';

/**
 * The emulator in-process over HTTPS, trusted through NODE_EXTRA_CA_CERTS (read by Node only at start, so the
 * certificate must exist before jest starts). Missing setup fails loudly instead of skipping.
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

export interface TestTenant {
  tenantId: string;
  domain: string;
  clientId: string;
  clientSecret: string;
  endpoints: GraphEndpoints;
  counter: GraphRequestCounter;
  client: GraphClient;
}

/** A tenant with a registered app, and a real Graph SDK client pointed at the emulator. */
export function createTestTenant(
  emulator: RunningEmulator,
  options: { permissions?: string[]; domain?: string } = {},
): TestTenant {
  const tenant = emulator.state.createTenant(options.domain ? { domain: options.domain } : {});
  const { app, clientSecret } = emulator.state.createApp(
    tenant.id,
    options.permissions ? { permissions: options.permissions } : {},
  );
  const endpoints = resolveEndpoints({ graphEndpoint: emulator.url, loginEndpoint: emulator.url });
  const counter = new GraphRequestCounter();
  const client = createGraphClient(
    { tenant: tenant.id, clientId: app.clientId, credential: { kind: 'clientSecret', clientSecret } },
    endpoints,
    { counter },
  );
  return {
    tenantId: tenant.id,
    domain: tenant.domain,
    clientId: app.clientId,
    clientSecret,
    endpoints,
    counter,
    client,
  };
}

export async function collect<T>(pages: AsyncIterable<{ items: T[] }>): Promise<T[]> {
  const out: T[] = [];
  for await (const page of pages) out.push(...page.items);
  return out;
}

/** Runs `fn` and returns what it threw (failing when it did not throw). */
export async function failureOf(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** Polls `read` until it returns a value `done` accepts (deliveries are recorded after the receiver answered). */
export async function waitUntil<T>(
  read: () => T,
  done: (value: T) => boolean,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
