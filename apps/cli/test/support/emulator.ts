import { startTestEmulator, type RunningEmulator } from '@entra-sync/graph-emulator';

export { startTestEmulator };

export interface TestTenant {
  tenantId: string;
  domain: string;
  clientId: string;
  clientSecret: string;
}

/** A tenant with a registered app; its secret is returned once, as Entra does. */
export function createTestTenant(emulator: RunningEmulator): TestTenant {
  const tenant = emulator.state.createTenant({});
  const { app, clientSecret } = emulator.state.createApp(tenant.id);
  return { tenantId: tenant.id, domain: tenant.domain, clientId: app.clientId, clientSecret };
}

/** Groups and people in a tenant's directory; `name` becomes `name@<domain>` (UPN and mail). */
export function directoryOf(emulator: RunningEmulator, tenant: TestTenant) {
  const directory = emulator.state.requireTenant(tenant.tenantId).directory;
  return {
    directory,
    group: (displayName: string) => directory.createGroup({ displayName }).id,
    person(name: string, groups: string[]) {
      const upn = `${name}@${tenant.domain}`;
      const user = directory.createUser({
        userPrincipalName: upn,
        mail: upn,
        givenName: name,
        surname: 'Tester',
        accountEnabled: true,
      });
      for (const group of groups) directory.addMember(group, user.id);
      return { id: user.id, email: upn };
    },
  };
}
