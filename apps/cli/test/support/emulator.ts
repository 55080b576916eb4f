import { readFileSync } from 'node:fs';
import { startEmulator, type RunningEmulator } from '@entra-sync/graph-emulator';

const HOW_TO_RUN =
  'Run the tests with `npm test -- --selectProjects cli` (it prepares the emulator certificate and trusts it).';

/** The Graph emulator in-process over HTTPS, trusted through NODE_EXTRA_CA_CERTS; missing setup fails loudly. */
export async function startTestEmulator(): Promise<RunningEmulator> {
  const tlsDir = process.env.ENTRA_SYNC_TLS_DIR;
  const bundle = process.env.NODE_EXTRA_CA_CERTS;
  if (!tlsDir || !bundle)
    throw new Error(`ENTRA_SYNC_TLS_DIR and NODE_EXTRA_CA_CERTS must be set. ${HOW_TO_RUN}`);
  const emulator = await startEmulator({ tlsDir, port: 0 });
  if (!readFileSync(bundle, 'utf8').includes(readFileSync(emulator.caPath, 'utf8').trim())) {
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
