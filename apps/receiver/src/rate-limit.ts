import { isIPv6 } from 'node:net';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { RATE_LIMITED } from './problem';

export interface RateLimit {
  /** requests per source address and window */
  max: number;
  windowMs: number;
}

/** The first 64 bits of an IPv6 address (one subscriber's prefix), or the IPv4 address as it is. */
export function sourceKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = ip.includes('::') && tail ? tail.split(':') : [];
  const groups = [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g: string) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/**
 * Per-address limit on the Graph routes (decision R7), in memory: no Redis round trip per request, and a Redis
 * outage does not turn into refused notifications. Runs before the body is parsed.
 */
export async function limitBySource(app: FastifyInstance, limit: RateLimit): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    max: limit.max,
    timeWindow: limit.windowMs,
    keyGenerator: (request) => sourceKey(request.ip),
    // IPv4 addresses plus IPv6 /64s remembered at once (LRU); plenty for Graph's senders and one flood
    cache: 10_000,
    // thrown, so the routes' problem+json handler answers it (Retry-After is set by the plugin)
    errorResponseBuilder: () =>
      Object.assign(new Error('rate limited'), { statusCode: 429, code: RATE_LIMITED }),
  });
}
