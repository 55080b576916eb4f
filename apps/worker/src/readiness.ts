import { STATUS_CODES } from 'node:http';
import type { Redis } from 'ioredis';
import type { Db } from '@entra-sync/db';
import { notReadyDetail, redisReadiness } from '@entra-sync/queues';

const TIMEOUT_MS = 1000;

/**
 * The worker's `/readyz`: Redis answers and does not evict keys (F10), Postgres answers. 200 `{ status, checks }`,
 * else 503 problem+json naming what is wrong — like the receiver's.
 */
export async function readiness(db: Db, redis: Redis): Promise<{ status: number; body: object }> {
  const [redisState, postgres] = await Promise.all([redisReadiness(redis, TIMEOUT_MS), postgresAnswers(db)]);
  const checks = { redis: redisState.state, postgres };
  if (redisState.state === 'up' && postgres === 'up')
    return { status: 200, body: { status: 'ready', checks } };
  const detail = notReadyDetail(checks, redisState);
  return {
    status: 503,
    body: { type: 'about:blank', title: STATUS_CODES[503], status: 503, detail, checks },
  };
}

async function postgresAnswers(db: Db): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<'down'>((resolve) => {
    timer = setTimeout(() => resolve('down'), TIMEOUT_MS);
  });
  const query = db
    .selectNoFrom((eb) => eb.lit(1).as('one'))
    .execute()
    .then(
      () => 'up' as const,
      () => 'down' as const,
    );
  try {
    return await Promise.race([query, expired]);
  } finally {
    clearTimeout(timer);
  }
}
