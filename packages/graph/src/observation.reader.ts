import type { DirectoryObservation } from '@entra-sync/domain';
import { batchBody, MAX_BATCH_REQUESTS, sendBatch } from './batch';
import type { GraphClient } from './graph-client';
import { graphGet } from './graph-request';
import { memberOfPath, restOfGroupPage } from './member-of.reader';
import { toUserFields, USER_SELECT, type RawUser } from './user-fields';

type GroupPage = { value?: Array<{ id?: string }>; '@odata.nextLink'?: string };

/** Users per `$batch` in `getObservations`: three reads each, and Graph takes at most 20 requests. */
export const OBSERVATIONS_PER_BATCH = Math.floor(MAX_BATCH_REQUESTS / 3);

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
  const [result] = await getObservations(client, [objectId], now);
  if (!result) throw new Error('incomplete $batch answer');
  if (result instanceof Error) throw result;
  return result;
}

/**
 * `getObservation` for up to OBSERVATIONS_PER_BATCH users in one `$batch` round trip. Each user's result is its
 * observation or the error of one of its reads (throttling included), in the order asked, so the caller can
 * retry just that user; a failure of the round trip itself is thrown.
 */
export async function getObservations(
  client: GraphClient,
  objectIds: readonly string[],
  now: Date | (() => Date) = () => new Date(),
): Promise<Array<DirectoryObservation | Error>> {
  if (objectIds.length > OBSERVATIONS_PER_BATCH)
    throw new RangeError(`at most ${OBSERVATIONS_PER_BATCH} users per $batch, got ${objectIds.length}`);
  const observedAt = typeof now === 'function' ? now() : now;
  const responses = await sendBatch(
    client,
    objectIds.flatMap((objectId, i) => [
      {
        id: `${i}u`,
        method: 'GET' as const,
        url: `/users/${encodeURIComponent(objectId)}?$select=${USER_SELECT.join(',')}`,
      },
      { id: `${i}d`, method: 'GET' as const, url: `${memberOfPath(objectId, 'direct')}?$select=id&$top=999` },
      {
        id: `${i}t`,
        method: 'GET' as const,
        url: `${memberOfPath(objectId, 'transitive')}?$select=id&$top=999`,
      },
    ]),
  );
  return Promise.all(
    objectIds.map(async (objectId, i): Promise<DirectoryObservation | Error> => {
      const user = responses.get(`${i}u`);
      const direct = responses.get(`${i}d`);
      const transitive = responses.get(`${i}t`);
      if (!user || !direct || !transitive) return new Error('incomplete $batch answer');
      try {
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
      } catch (err) {
        return err instanceof Error ? err : new Error(String(err));
      }
    }),
  );
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
