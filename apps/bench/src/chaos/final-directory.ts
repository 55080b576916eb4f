import type { DirectoryObservation } from '@entra-sync/domain';
import type { EmulatorClient } from '../infra/emulator-client';
import { listAll, type BenchTenant, type TenantHost } from '../infra/tenant';

/**
 * The directory as it finally is, one observation per user the run ever touched: present users with their
 * fields (read through Graph) and their direct and nested groups (from the emulator's own membership, not from
 * the product's readers), and soft-deleted users as `deleted`.
 */
export async function finalDirectory(
  host: TenantHost,
  tenant: BenchTenant,
  deletedIds: readonly string[],
  at = new Date(),
): Promise<DirectoryObservation[]> {
  const users = await listAll(host, tenant.tenantId, tenant.clientId, tenant.clientSecret);
  const members = await groupMembers(host.emulator, tenant.tenantId, tenant.groupIds);
  const direct = new Map<string, Set<string>>();
  for (const [groupId, ids] of members)
    for (const id of ids) direct.set(id, (direct.get(id) ?? new Set()).add(groupId));
  const transitive = (id: string): string[] => {
    const seen = new Set<string>();
    const stack = [...(direct.get(id) ?? [])];
    while (stack.length > 0) {
      const groupId = stack.pop() as string;
      if (seen.has(groupId)) continue;
      seen.add(groupId);
      stack.push(...(direct.get(groupId) ?? []));
    }
    return [...seen];
  };
  const present: DirectoryObservation[] = users.map((u) => ({
    state: 'present',
    objectId: u.id,
    observedAt: at,
    user: u.user,
    directGroupIds: [...(direct.get(u.id) ?? [])],
    transitiveGroupIds: transitive(u.id),
  }));
  const listed = new Set(users.map((u) => u.id));
  const deleted: DirectoryObservation[] = deletedIds
    .filter((id) => !listed.has(id))
    .map((objectId) => ({ state: 'deleted', objectId, observedAt: at, hard: false }));
  return [...present, ...deleted];
}

async function groupMembers(
  emulator: EmulatorClient,
  tenantId: string,
  groupIds: readonly string[],
): Promise<Map<string, string[]>> {
  const members = new Map<string, string[]>();
  for (const groupId of groupIds) {
    const group = await emulator.call<{ members: string[] }>('GET', `/tenants/${tenantId}/groups/${groupId}`);
    members.set(groupId, group.members);
  }
  return members;
}
