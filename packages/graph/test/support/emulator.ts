import { startTestEmulator, type RunningEmulator } from '@entra-sync/graph-emulator';

export { startTestEmulator };
import {
  createGraphClient,
  GraphRequestCounter,
  resolveEndpoints,
  type GraphClient,
  type GraphEndpoints,
} from '../../src';

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
