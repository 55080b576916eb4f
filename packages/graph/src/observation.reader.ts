import type { DirectoryObservation } from '@entra-sync/domain';
import { batchBody, sendBatch } from './batch';
import type { GraphClient } from './graph-client';
import { graphGet } from './graph-request';
import { memberOfPath, restOfGroupPage } from './member-of.reader';
import { toUserFields, USER_SELECT, type RawUser } from './user-fields';

type GroupPage = { value?: Array<{ id?: string }>; '@odata.nextLink'?: string };

/**
 * What the directory says about one user now: its S2 fields and direct and transitive groups, in one `$batch`
 * round trip. `observedAt` is taken before the read starts (D2), so a later observation always saw later state.
 * Graph's 404 means deleted; the recycle bin tells soft (restorable) from hard (S5.1).
 */
export async function getObservation(
  client: GraphClient,
  objectId: string,
  now: Date | (() => Date) = () => new Date(),
): Promise<DirectoryObservation> {
  const observedAt = typeof now === 'function' ? now() : now;
  const responses = await sendBatch(client, [
    {
      id: 'user',
      method: 'GET',
      url: `/users/${encodeURIComponent(objectId)}?$select=${USER_SELECT.join(',')}`,
    },
    { id: 'direct', method: 'GET', url: `${memberOfPath(objectId, 'direct')}?$select=id&$top=999` },
    { id: 'transitive', method: 'GET', url: `${memberOfPath(objectId, 'transitive')}?$select=id&$top=999` },
  ]);
  const user = responses.get('user');
  const direct = responses.get('direct');
  const transitive = responses.get('transitive');
  if (!user || !direct || !transitive) throw new Error('incomplete $batch answer');
  if ([user, direct, transitive].some((r) => r.status === 404)) {
    return { state: 'deleted', objectId, observedAt, hard: !(await inRecycleBin(client, objectId)) };
  }
  const fields = toUserFields(batchBody<RawUser>(user));
  const directGroupIds = await restOfGroupPage(client, batchBody<GroupPage>(direct));
  const transitiveGroupIds = await restOfGroupPage(client, batchBody<GroupPage>(transitive));
  return {
    state: 'present',
    objectId,
    observedAt,
    user: fields,
    directGroupIds,
    transitiveGroupIds: [...new Set([...directGroupIds, ...transitiveGroupIds])],
  };
}

async function inRecycleBin(client: GraphClient, objectId: string): Promise<boolean> {
  try {
    await graphGet(client, `/directory/deletedItems/${encodeURIComponent(objectId)}`, { $select: 'id' });
    return true;
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return false;
    throw err;
  }
}
