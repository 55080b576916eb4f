import { UnrecoverableError, Worker } from 'bullmq';
import { catalog } from '../catalog';
import type { Producer } from '../producer';
import { createRedis } from '../redis';

/**
 * Dead letters for real: user-sync jobs for these object ids, failed for good by a BullMQ worker that throws
 * `UnrecoverableError(reason)`. Returns their dead-letter ids (`user-sync~<jobId>`).
 */
export async function makeDeadLetters(
  server: { prefix: string; producer: Producer },
  objectIds: string[],
  options: { connectionId?: string; reason?: string; redisUrl?: string } = {},
): Promise<string[]> {
  const redisUrl = options.redisUrl ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const connection = createRedis(redisUrl, 'worker');
  let failed = 0;
  let done!: () => void;
  const allFailed = new Promise<void>((resolve) => (done = resolve));
  const worker = new Worker(
    catalog.userSync.name,
    async () => {
      throw new UnrecoverableError(options.reason ?? 'user payload failed validation');
    },
    { connection, prefix: server.prefix },
  );
  worker.on('failed', () => {
    if (++failed === objectIds.length) done();
  });
  const ids: string[] = [];
  for (const objectId of objectIds) {
    const job = await server.producer.userChanged({
      connectionId: options.connectionId ?? '6d0c0000-0000-4000-8000-000000000001',
      objectId,
      trigger: 'change',
      source: 'notification',
      receivedAt: Date.now(),
    });
    ids.push(`user-sync~${job.id}`);
  }
  await allFailed;
  await worker.close();
  await connection.quit();
  return ids;
}

/** `count` made-up object ids, unique per call. */
export const objectIds = (count: number): string[] =>
  Array.from({ length: count }, (_, i) => `object-${Date.now()}-${i}`);
