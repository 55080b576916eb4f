import type { Redis } from 'ioredis';

/** What Redis says about `maxmemory-policy` (docs/decisions.md F10, F11). */
export type EvictionPolicy =
  | { kind: 'noeviction'; source: 'info' | 'config' }
  | { kind: 'evicting'; policy: string; source: 'info' | 'config'; problem: string }
  | { kind: 'unknown'; problem: string };

const FIX =
  'set `maxmemory-policy noeviction` in redis.conf, or run `CONFIG SET maxmemory-policy noeviction` then ' +
  '`CONFIG REWRITE`, or choose noeviction in the managed service’s parameter group';

export const evictingProblem = (policy: string): string =>
  `Redis maxmemory-policy is ${policy}, but entra-sync needs noeviction (an evicted key is a lost job, ` +
  `schedule or dead letter): ${FIX}`;

const UNKNOWN =
  'Redis does not say its maxmemory-policy (INFO memory has no maxmemory_policy field and CONFIG GET is ' +
  'refused): make sure the service is set to noeviction, or jobs may be lost under memory pressure';

/** A command Redis refused (ACL, a managed service's disabled command), as opposed to Redis not answering. */
const refused = (err: unknown): boolean => err instanceof Error && err.name === 'ReplyError';

/**
 * `INFO memory` first: it needs no CONFIG permission, which managed services (ElastiCache, Azure Cache, Memorystore)
 * withhold, and BullMQ cannot run without INFO anyway. `CONFIG GET` only when INFO does not name the policy.
 * Rejects when Redis does not answer, so callers can tell "down" from "unknown".
 */
export async function readEvictionPolicy(redis: Redis): Promise<EvictionPolicy> {
  let policy: string | null = null;
  let source: 'info' | 'config' = 'info';
  try {
    policy = /^maxmemory_policy:(\S+)/m.exec(await redis.info('memory'))?.[1] ?? null;
  } catch (err) {
    if (!refused(err)) throw err;
  }
  if (policy === null) {
    source = 'config';
    try {
      const answer = (await redis.config('GET', 'maxmemory-policy')) as unknown;
      policy = Array.isArray(answer) && typeof answer[1] === 'string' ? answer[1] : null;
    } catch (err) {
      if (!refused(err)) throw err;
    }
  }
  if (policy === null) return { kind: 'unknown', problem: UNKNOWN };
  if (policy === 'noeviction') return { kind: 'noeviction', source };
  return { kind: 'evicting', policy, source, problem: evictingProblem(policy) };
}
