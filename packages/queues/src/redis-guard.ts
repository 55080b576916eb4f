import type { Redis } from 'ioredis';
import { StartRefused } from '@entra-sync/config';
import { readEvictionPolicy, type EvictionPolicy } from './eviction-policy';

export interface GuardLog {
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/** runService ends the process with this one message (exit 1). */
export class EvictingRedisError extends StartRefused {
  constructor(readonly policy: Extract<EvictionPolicy, { kind: 'evicting' }>) {
    super(policy.problem);
  }
}

/**
 * Start-up check of a process's Redis connection (F10): rejects with `EvictingRedisError` when Redis may evict
 * keys. A Redis that is not reachable within `waitMs` is not refused (the process starts and answers 503 until it
 * is, F12); its policy is read when the connection becomes ready, and again after every reconnect, since a
 * restarted or failed-over Redis may come back with another configuration.
 */
export async function guardEvictionPolicy(
  redis: Redis,
  log: GuardLog,
  options: { waitMs?: number } = {},
): Promise<void> {
  const check = async (): Promise<EvictionPolicy | null> => {
    try {
      const policy = await readEvictionPolicy(redis);
      if (policy.kind === 'unknown') log.warn({}, policy.problem);
      return policy;
    } catch {
      return null; // gone again: the next 'ready' checks
    }
  };
  let starting = true;
  redis.on('ready', () => {
    if (starting) return;
    void check().then((policy) => {
      if (policy?.kind === 'evicting')
        log.error({ policy: policy.policy }, `${policy.problem}; /readyz answers 503 until it is fixed`);
    });
  });
  const ready = await untilReady(redis, options.waitMs ?? 10_000);
  const policy = ready ? await check() : null;
  starting = false;
  if (!ready || policy === null) {
    log.warn({}, 'redis is not reachable at start: its maxmemory-policy is checked once it is (see /readyz)');
    return;
  }
  if (policy.kind === 'evicting') throw new EvictingRedisError(policy);
}

function untilReady(redis: Redis, waitMs: number): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      resolve(false);
    }, waitMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve(true);
    };
    redis.once('ready', onReady);
  });
}

export type RedisReadiness = { state: 'up' } | { state: 'down' } | { state: 'refused'; problem: string };

/** `/readyz`'s Redis check: answers within `timeoutMs` and does not evict (an unknown policy counts as up, F11). */
export async function redisReadiness(redis: Redis, timeoutMs: number): Promise<RedisReadiness> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  try {
    const policy = await Promise.race([readEvictionPolicy(redis), expired]);
    if (policy === null) return { state: 'down' };
    return policy.kind === 'evicting' ? { state: 'refused', problem: policy.problem } : { state: 'up' };
  } catch {
    return { state: 'down' };
  } finally {
    clearTimeout(timer);
  }
}

/** `/readyz`'s 503 detail: what did not answer, and why Redis is refused (same words in every app). */
export function notReadyDetail(checks: Record<string, string>, redis: RedisReadiness): string {
  const down = Object.entries(checks)
    .filter(([, state]) => state === 'down')
    .map(([name]) => name);
  const reasons = [
    ...(down.length ? [`${down.join(' and ')} did not answer.`] : []),
    ...(redis.state === 'refused' ? [`${redis.problem}.`] : []),
  ];
  return `Not ready: ${reasons.join(' ')}`;
}
