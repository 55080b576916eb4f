import { StartRefused } from '@entra-sync/config';
import { PrivateRedis } from '@entra-sync/test-infra';
import type { Redis } from 'ioredis';
import { closeRedis, createRedis } from '../src/redis';
import { readEvictionPolicy } from '../src/eviction-policy';
import { guardEvictionPolicy, redisReadiness } from '../src/redis-guard';

// F10/F11 on private Redis servers: their policy and ACLs are ours to set.

function recorder() {
  const lines: { level: 'warn' | 'error'; message: string }[] = [];
  return {
    lines,
    warn: (_fields: object, message: string) => lines.push({ level: 'warn', message }),
    error: (_fields: object, message: string) => lines.push({ level: 'error', message }),
  };
}

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const clients: Redis[] = [];
const connect = async (url: string) => {
  const redis = createRedis(url, 'producer');
  redis.on('error', () => undefined);
  clients.push(redis);
  if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
  return redis;
};
afterEach(async () => {
  await Promise.all(clients.splice(0).map((redis) => closeRedis(redis)));
});

describe('a Redis that may evict keys', () => {
  let evicting: PrivateRedis;
  beforeAll(async () => {
    evicting = await PrivateRedis.start({ maxmemoryPolicy: 'allkeys-lru' });
    const admin = await connect(evicting.url);
    // a managed-service-like user: CONFIG withheld; and one that may run neither INFO nor CONFIG
    await admin.call('ACL', 'SETUSER', 'noconfig', 'on', '>pw', '~*', '&*', '+@all', '-config');
    await admin.call('ACL', 'SETUSER', 'noinfo', 'on', '>pw', '~*', '&*', '+@all', '-info');
    await admin.call('ACL', 'SETUSER', 'blind', 'on', '>pw', '~*', '&*', '+@all', '-info', '-config');
  }, 30_000);
  afterAll(() => evicting?.destroy());
  const as = (user: string) => evicting.url.replace('redis://', `redis://${user}:pw@`);

  it('F10 start-up is refused with one message naming the policy found and how to fix it', async () => {
    const log = recorder();
    const refusal = await guardEvictionPolicy(await connect(evicting.url), log).then(
      () => null,
      (err: unknown) => err,
    );
    expect(refusal).toBeInstanceOf(StartRefused);
    const message = (refusal as Error).message;
    expect(message).toMatch(/^Redis maxmemory-policy is allkeys-lru, but entra-sync needs noeviction/);
    expect(message).toContain('CONFIG SET maxmemory-policy noeviction');
  });

  it('F10 /readyz sees it: refused with the same reason', async () => {
    const readiness = await redisReadiness(await connect(evicting.url), 1000);
    expect(readiness).toMatchObject({ state: 'refused', problem: expect.stringContaining('allkeys-lru') });
  });

  it('F11 without CONFIG permission (managed services) the policy is read from INFO memory', async () => {
    const redis = await connect(as('noconfig'));
    await expect(redis.config('GET', 'maxmemory-policy')).rejects.toThrow(/NOPERM/);
    expect(await readEvictionPolicy(redis)).toMatchObject({
      kind: 'evicting',
      policy: 'allkeys-lru',
      source: 'info',
    });
  });

  it('F11 without INFO, CONFIG GET tells', async () => {
    expect(await readEvictionPolicy(await connect(as('noinfo')))).toMatchObject({
      kind: 'evicting',
      policy: 'allkeys-lru',
      source: 'config',
    });
  });

  it('F11 a Redis that names its policy nowhere starts with a warning and stays ready', async () => {
    const redis = await connect(as('blind'));
    expect(await readEvictionPolicy(redis)).toMatchObject({ kind: 'unknown' });
    const log = recorder();
    await guardEvictionPolicy(redis, log);
    expect(log.lines).toEqual([
      { level: 'warn', message: expect.stringMatching(/^Redis does not say its maxmemory-policy/) },
    ]);
    expect(await redisReadiness(redis, 1000)).toEqual({ state: 'up' });
  });
});

describe('a Redis that does not evict', () => {
  let redis: PrivateRedis;
  beforeAll(async () => {
    redis = await PrivateRedis.start();
  }, 30_000);
  afterAll(() => redis?.destroy());

  it('F10 noeviction passes start-up silently and /readyz is up', async () => {
    const client = await connect(redis.url);
    expect(await readEvictionPolicy(client)).toEqual({ kind: 'noeviction', source: 'info' });
    const log = recorder();
    await guardEvictionPolicy(client, log);
    expect(log.lines).toEqual([]);
    expect(await redisReadiness(client, 1000)).toEqual({ state: 'up' });
  });
});

describe('a Redis that is down at start and comes up evicting', () => {
  let redis: PrivateRedis;
  beforeAll(async () => {
    redis = await PrivateRedis.start({ maxmemoryPolicy: 'volatile-lru' });
    await redis.shutdown();
  }, 30_000);
  afterAll(() => redis?.destroy());

  it('F12 the process starts, /readyz says down, and the policy is checked (and logged) once Redis is there', async () => {
    const client = createRedis(redis.url, 'producer');
    client.on('error', () => undefined);
    clients.push(client);
    const log = recorder();
    await guardEvictionPolicy(client, log, { waitMs: 300 });
    expect(log.lines).toEqual([{ level: 'warn', message: expect.stringMatching(/not reachable at start/) }]);
    expect(await redisReadiness(client, 500)).toEqual({ state: 'down' });

    await redis.boot();
    await until('the policy error is logged', () => log.lines.some((l) => l.level === 'error'));
    expect(log.lines.at(-1)?.message).toMatch(/maxmemory-policy is volatile-lru.*\/readyz answers 503/);
    expect(await redisReadiness(client, 1000)).toMatchObject({ state: 'refused' });
  }, 30_000);
});
