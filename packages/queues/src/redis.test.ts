import { randomUUID } from 'node:crypto';
import { createRedis } from './redis';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('createRedis producer connection (real Redis)', () => {
  const redis = createRedis(redisUrl, 'producer');
  const key = `t-coalesce-${randomUUID()}`;

  beforeAll(async () => {
    if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
  });
  afterAll(async () => {
    await redis.del(key);
    await redis.quit();
  });

  it('commands issued in one turn (one coalesced write) are applied in order, each with its own answer', async () => {
    const answers = await Promise.all(Array.from({ length: 200 }, () => redis.incr(key)));
    expect(answers).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it('a failing command in a coalesced write fails alone', async () => {
    const [ok, bad, after] = await Promise.allSettled([
      redis.set(key, 'text'),
      redis.incr(key),
      redis.get(key),
    ]);
    expect(ok).toEqual({ status: 'fulfilled', value: 'OK' });
    expect(bad.status).toBe('rejected');
    expect(after).toEqual({ status: 'fulfilled', value: 'text' });
  });

  it('corks the socket for the rest of the turn and uncorks it in the check phase', async () => {
    const answered = redis.ping();
    expect(redis.stream.writableCorked).toBe(1);
    await expect(answered).resolves.toBe('PONG');
    expect(redis.stream.writableCorked).toBe(0);
  });

  it('commands of later turns are sent too (the socket is uncorked every turn)', async () => {
    for (let i = 0; i < 5; i++) await expect(redis.ping()).resolves.toBe('PONG');
  });

  it('still fails fast when Redis is unreachable (no offline queue)', async () => {
    const down = createRedis('redis://127.0.0.1:1', 'producer', { retryStrategy: () => null });
    down.on('error', () => undefined);
    await expect(down.ping()).rejects.toThrow();
    down.disconnect();
  });
});
