import { randomBytes } from 'node:crypto';
import type { EmulatorControl } from './emulator-control';

// Fixed ids: the same tenant, app and (seeded) users every run, so a persistent database stays valid.
export const DEMO_TENANT_ID = '3f1c9a52-6d0e-4b8f-9a51-0c6e2d7b4a10';
export const DEMO_DOMAIN = 'contoso-demo.onmicrosoft.com';
export const DEMO_CLIENT_ID = '7d2e4b19-58c3-4f0a-b6d1-2a9c8e5f3b77';
const DEMO_SEED = 'entra-sync-demo';

export const DEMO_GROUPS = [
  { key: 'staff', displayName: 'Staff', description: 'Contoso employees' },
  { key: 'leads', displayName: 'Service desk leads', description: 'Employees who manage the service desk' },
  { key: 'portal', displayName: 'Fabrikam portal users', description: 'Fabrikam people with a portal login' },
  { key: 'contacts', displayName: 'Northwind contacts', description: 'Northwind people we work with' },
  { key: 'partners', displayName: 'Partners', description: 'Not mapped: out of scope' },
  { key: 'alumni', displayName: 'Former staff', description: 'Not mapped: out of scope' },
] as const;

export type DemoGroupKey = (typeof DEMO_GROUPS)[number]['key'];

export interface DemoUser {
  id: string;
  userPrincipalName: string;
  mail: string | null;
  givenName: string | null;
  surname: string | null;
  jobTitle: string | null;
  accountEnabled: boolean;
  /** direct memberships among the demo groups */
  groups: DemoGroupKey[];
}

export interface DemoTenant {
  tenantId: string;
  domain: string;
  clientId: string;
  /** generated per run: the emulator forgets everything when it stops */
  clientSecret: string;
  groups: Record<DemoGroupKey, string>;
  users: DemoUser[];
}

interface EmuGroupView {
  id: string;
  members: string[];
}

/** Creates the demo tenant in a fresh emulator: app registration, seeded users and named, overlapping groups. */
export async function createDemoTenant(control: EmulatorControl, userCount: number): Promise<DemoTenant> {
  await control.request('POST', '/tenants', {
    id: DEMO_TENANT_ID,
    domain: DEMO_DOMAIN,
    displayName: 'Contoso (demo tenant)',
  });
  const clientSecret = randomBytes(24).toString('base64url');
  await control.request('POST', `/tenants/${DEMO_TENANT_ID}/apps`, {
    clientId: DEMO_CLIENT_ID,
    clientSecret,
    displayName: 'entra-sync demo',
  });
  const seeded = await control.request<{ groupIds: string[] }>('POST', `/tenants/${DEMO_TENANT_ID}/seed`, {
    seed: DEMO_SEED,
    users: userCount,
    groups: DEMO_GROUPS.length,
  });
  const groups = {} as Record<DemoGroupKey, string>;
  const memberships = new Map<string, DemoGroupKey[]>();
  for (const [index, def] of DEMO_GROUPS.entries()) {
    const id = seeded.groupIds[index];
    if (!id)
      throw new Error(`the emulator seeded ${seeded.groupIds.length} groups, expected ${DEMO_GROUPS.length}`);
    groups[def.key] = id;
    const group = await control.request<EmuGroupView>('PATCH', `/tenants/${DEMO_TENANT_ID}/groups/${id}`, {
      displayName: def.displayName,
      description: def.description,
    });
    for (const member of group.members)
      memberships.set(member, [...(memberships.get(member) ?? []), def.key]);
  }
  const users: DemoUser[] = [];
  for (const [id, keys] of memberships) {
    if (Object.values(groups).includes(id)) continue; // a nested group, not a user
    const user = await control.request<Omit<DemoUser, 'groups'>>(
      'GET',
      `/tenants/${DEMO_TENANT_ID}/users/${id}`,
    );
    users.push({
      id,
      userPrincipalName: user.userPrincipalName,
      mail: user.mail,
      givenName: user.givenName,
      surname: user.surname,
      jobTitle: user.jobTitle,
      accountEnabled: user.accountEnabled,
      groups: keys,
    });
  }
  return {
    tenantId: DEMO_TENANT_ID,
    domain: DEMO_DOMAIN,
    clientId: DEMO_CLIENT_ID,
    clientSecret,
    groups,
    users,
  };
}

/** The rule that wins for a user under the demo rules (lowest order; Fabrikam's rule is older than Northwind's). */
export function demoTarget(user: DemoUser): 'leads' | 'staff' | 'portal' | 'contacts' | null {
  for (const key of ['leads', 'staff', 'portal', 'contacts'] as const)
    if (user.groups.includes(key)) return key;
  return null;
}
