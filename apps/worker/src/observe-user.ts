import type { DirectoryObservation } from '@entra-sync/domain';
import {
  classifyGraphError,
  getObservation,
  getUser,
  getUserGroupIds,
  type GraphClient,
} from '@entra-sync/graph';
import { GRAPH_PATIENCE, retryThrottled, type Patience } from './throttle-patience';

/**
 * What the directory says about one user now. Normally one `$batch` round trip (getObservation). Its three reads
 * succeed or fail together, so a storm that throttles a share of requests could starve it on every attempt; when
 * it is throttled, the reads are made one at a time, each waiting out its own Retry-After (S4.1 under 429s).
 * Past the patience budget the throttling error goes to the caller, and the job waits (WaitError).
 */
export async function observeUser(
  client: GraphClient,
  objectId: string,
  observationTime: () => Promise<Date>,
  patience: Patience = GRAPH_PATIENCE,
): Promise<DirectoryObservation> {
  try {
    return await getObservation(client, objectId, await observationTime());
  } catch (err) {
    if (classifyGraphError(err).kind !== 'throttled') throw err;
  }
  const observedAt = await observationTime();
  const found = await retryThrottled(() => getUser(client, objectId), patience);
  // gone (or going): the port tells a soft delete from a hard one
  if (!found)
    return retryThrottled(async () => getObservation(client, objectId, await observationTime()), patience);
  const direct = await retryThrottled(() => getUserGroupIds(client, objectId, 'direct'), patience);
  const nested = await retryThrottled(() => getUserGroupIds(client, objectId, 'transitive'), patience);
  return {
    state: 'present',
    objectId,
    observedAt,
    user: found.user,
    directGroupIds: direct,
    transitiveGroupIds: [...new Set([...direct, ...nested])],
  };
}
