import type { RunningEmulator } from '../emulator';

export interface TestTenant {
  tenantId: string;
  domain: string;
  clientId: string;
  clientSecret: string;
}

/** A tenant with a registered app; its secret is returned once, as Entra does. */
export function createTestTenant(emulator: RunningEmulator, options: { domain?: string } = {}): TestTenant {
  const tenant = emulator.state.createTenant(options.domain ? { domain: options.domain } : {});
  const { app, clientSecret } = emulator.state.createApp(tenant.id);
  return { tenantId: tenant.id, domain: tenant.domain, clientId: app.clientId, clientSecret };
}
