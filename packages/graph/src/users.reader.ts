import type { GraphClient } from './graph-client';
import { graphGet, pagesOf, type Page } from './graph-request';
import { toDirectoryUser, USER_SELECT, type DirectoryUser, type RawUser } from './user-fields';

const SELECT = USER_SELECT.join(',');

/** One user with exactly the S2 fields; null when Graph answers 404 (soft- or hard-deleted, or never existed). */
export async function getUser(client: GraphClient, objectId: string): Promise<DirectoryUser | null> {
  try {
    return toDirectoryUser(
      await graphGet<RawUser>(client, `/users/${encodeURIComponent(objectId)}`, { $select: SELECT }),
    );
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return null;
    throw err;
  }
}

/** Every user of the tenant, 999 per page, for full syncs (S8). */
export function listUsers(client: GraphClient): AsyncGenerator<Page<DirectoryUser>> {
  return pagesOf<RawUser, DirectoryUser>(client, '/users', { $select: SELECT, $top: 999 }, toDirectoryUser);
}
