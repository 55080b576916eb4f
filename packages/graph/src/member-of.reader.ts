import { batchBody, chunk, sendBatch } from './batch';
import type { GraphClient } from './graph-client';
import { allOf } from './graph-request';
import type { MembershipMode } from './groups.reader';

type GroupPage = { value?: Array<{ id?: string }>; '@odata.nextLink'?: string };

export function memberOfPath(userId: string, mode: MembershipMode): string {
  const relation = mode === 'direct' ? 'memberOf' : 'transitiveMemberOf';
  return `/users/${encodeURIComponent(userId)}/${relation}/microsoft.graph.group`;
}

const idOf = (raw: { id?: string }): string | null => (typeof raw.id === 'string' ? raw.id : null);

/** Ids of the groups (only groups: the cast drops roles and administrative units) a user is a member of. */
export function getUserGroupIds(
  client: GraphClient,
  userId: string,
  mode: MembershipMode,
): Promise<string[]> {
  return allOf(client, memberOfPath(userId, mode), { $select: 'id', $top: 999 }, idOf);
}

/** The rest of a group list whose first page came inside a batch. */
export async function restOfGroupPage(client: GraphClient, page: GroupPage): Promise<string[]> {
  const ids = (page.value ?? []).flatMap((g) => idOf(g) ?? []);
  if (page['@odata.nextLink']) ids.push(...(await allOf(client, page['@odata.nextLink'], {}, idOf)));
  return ids;
}

/**
 * Group ids for many users, 20 users per `$batch` round trip. A user Graph does not find maps to null; any other
 * failure (throttling inside the batch included) is thrown for the caller to classify.
 */
export async function getGroupIdsForUsers(
  client: GraphClient,
  userIds: readonly string[],
  mode: MembershipMode,
): Promise<Map<string, string[] | null>> {
  const out = new Map<string, string[] | null>();
  for (const ids of chunk([...new Set(userIds)])) {
    const responses = await sendBatch(
      client,
      ids.map((id, i) => ({
        id: String(i),
        method: 'GET' as const,
        url: `${memberOfPath(id, mode)}?$select=id&$top=999`,
      })),
    );
    for (const [i, userId] of ids.entries()) {
      const response = responses.get(String(i));
      if (!response) continue;
      if (response.status === 404) {
        out.set(userId, null);
        continue;
      }
      out.set(userId, await restOfGroupPage(client, batchBody<GroupPage>(response)));
    }
  }
  return out;
}
