import type { GraphClient } from './graph-client';
import { graphGet, pagesOf, type Page } from './graph-request';
import { toDirectoryUser, USER_SELECT, type DirectoryUser, type RawUser } from './user-fields';

export interface DirectoryGroup {
  id: string;
  displayName: string | null;
}

export type MembershipMode = 'direct' | 'transitive';

/** The group, or null when it does not exist in the tenant (S7.4: a rule must name an existing group). */
export async function getGroup(client: GraphClient, groupId: string): Promise<DirectoryGroup | null> {
  try {
    const raw = await graphGet<{ id: string; displayName?: string | null }>(
      client,
      `/groups/${encodeURIComponent(groupId)}`,
      { $select: 'id,displayName' },
    );
    return { id: raw.id, displayName: raw.displayName ?? null };
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return null;
    throw err;
  }
}

/**
 * The users in a group (direct members, or through nesting for transitive rules, S1.1), with their S2 fields,
 * streamed 999 per page. Nested groups themselves are not returned; their users are, in transitive mode.
 */
export function groupMembers(
  client: GraphClient,
  groupId: string,
  mode: MembershipMode = 'direct',
): AsyncGenerator<Page<DirectoryUser>> {
  const relation = mode === 'direct' ? 'members' : 'transitiveMembers';
  return pagesOf<RawUser, DirectoryUser>(
    client,
    `/groups/${encodeURIComponent(groupId)}/${relation}/microsoft.graph.user`,
    { $select: USER_SELECT.join(','), $top: 999 },
    toDirectoryUser,
  );
}
