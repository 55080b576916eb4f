import { Redis, type RedisOptions } from 'ioredis';

/**
 * Workers need `maxRetriesPerRequest: null` (blocking commands wait out a reconnect). Producers on the
 * HTTP path fail fast instead, so the receiver can answer 5xx and Graph redelivers (STYLE habit 3).
 */
export function createRedis(url: string, role: 'worker' | 'producer', extra: RedisOptions = {}): Redis {
  const base: RedisOptions =
    role === 'worker'
      ? { maxRetriesPerRequest: null, enableReadyCheck: true }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000, commandTimeout: 2000 };
  return new Redis(url, { ...base, ...extra });
}
