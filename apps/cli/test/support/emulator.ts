import {
  createTestTenant,
  startTestEmulator,
  type RunningEmulator,
  type TestTenant,
} from '@entra-sync/graph-emulator';

export { createTestTenant, startTestEmulator, type TestTenant };

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
