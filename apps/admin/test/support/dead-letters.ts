import { UnrecoverableError, Worker } from 'bullmq';
import { catalog, createRedis } from '@entra-sync/queues';
import type { Admin } from './harness';

/** A real BullMQ worker on user-sync that fails every job for good until `count` jobs failed; their ids. */
export async function makeDeadLetters(admin: Admin, count: number): Promise<string[]> {
  const connection = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 'worker');
  let failed = 0;
  let done!: () => void;
  const allFailed = new Promise<void>((resolve) => (done = resolve));
  const worker = new Worker(
    catalog.userSync.name,
    async () => {
      throw new UnrecoverableError('user payload failed validation');
    },
    { connection, prefix: admin.prefix },
  );
  worker.on('failed', () => {
    if (++failed === count) done();
  });
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const job = await admin.producer.userChanged({
      connectionId: '6d0c0000-0000-4000-8000-000000000001',
      objectId: `object-${Date.now()}-${i}`,
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
