import type { GraphClient } from './graph-client';
import { graphGet } from './graph-request';

export interface Organization {
  tenantId: string;
  displayName: string | null;
  domains: string[];
}

/** The tenant behind the connection: resolves a tenant domain to its id and proves the credential works. */
export async function getOrganization(client: GraphClient): Promise<Organization> {
  const body = await graphGet<{
    value?: Array<{ id: string; displayName?: string | null; verifiedDomains?: Array<{ name: string }> }>;
  }>(client, '/organization', {
    $select: 'id,displayName,verifiedDomains',
  });
  const org = body.value?.[0];
  if (!org) throw new Error('Graph returned no organization for this tenant.');
  return {
    tenantId: org.id,
    displayName: org.displayName ?? null,
    domains: (org.verifiedDomains ?? []).map((d) => d.name),
  };
}
