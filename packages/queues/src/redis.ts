import { Redis, type RedisOptions } from 'ioredis';

/**
 * Workers need `maxRetriesPerRequest: null` (blocking commands wait out a reconnect). Producers on the
 * HTTP path fail fast instead, so the receiver can answer 5xx and Graph redelivers (STYLE habit 3), and
 * send the commands of one event-loop turn in one write (see coalesceWrites).
 */
export function createRedis(url: string, role: 'worker' | 'producer', extra: RedisOptions = {}): Redis {
  if (role === 'worker')
    return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, ...extra });
  const base: RedisOptions = {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2000,
    commandTimeout: 2000,
  };
  return coalesceWrites(new Redis(url, { ...base, ...extra }));
}

/**
 * Corks the socket at the first command of an event-loop turn and uncorks it in the check phase, so
 * concurrent requests' commands leave in one writev and Redis wakes once for them (receiver capacity:
 * fewer syscalls on both sides). Unlike ioredis `enableAutoPipelining` it builds no Pipeline object per
 * batch (each copies BullMQ's ~60 script commands): same ordering, per-command replies and errors.
 */
export function coalesceWrites(redis: Redis): Redis {
  const send = redis.sendCommand.bind(redis);
  let corked = false;
  redis.sendCommand = (command, stream) => {
    const socket = redis.stream;
    if (!corked && socket && stream === undefined) {
      corked = true;
      socket.cork();
      setImmediate(() => {
        corked = false;
        socket.uncork();
      });
    }
    return send(command, stream);
  };
  return redis;
}

/** QUIT (pending replies arrive first), or drop the socket when Redis is not there to answer. */
export async function closeRedis(redis: Redis): Promise<void> {
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}

/** One warning when Redis goes away (saying what that breaks) and one line when it is back, not one per retry. */
export function watchRedis(
  redis: Redis,
  log: { warn(fields: object, message: string): void; info(message: string): void },
  whileDown: string,
): void {
  let down = false;
  redis.on('error', (err: Error) => {
    if (!down) log.warn({ err }, `redis unreachable: ${whileDown}`);
    down = true;
  });
  redis.on('ready', () => {
    if (down) log.info('redis reachable again');
    down = false;
  });
}
