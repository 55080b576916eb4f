import type { JobInput, Producer } from '@entra-sync/queues';

type Source = JobInput<'userSync', 'user.changed'>['source'];

/** Enqueues a user job per object id, 200 adds in flight at a time (each collapses with a pending one, Q1). */
export async function fanOutUsers(
  producer: Producer,
  connectionId: string,
  objectIds: Iterable<string>,
  source: Source,
  receivedAt: number,
): Promise<number> {
  const ids = [...new Set(objectIds)];
  for (let i = 0; i < ids.length; i += 200) {
    await Promise.all(
      ids
        .slice(i, i + 200)
        .map((objectId) =>
          producer.userChanged({ connectionId, objectId, trigger: 'change', source, receivedAt }),
        ),
    );
  }
  return ids.length;
}
