import { Redis } from 'ioredis';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../src/processes/free-port';
import { isRedisReachable } from '../src/redis/redis-probe';
import { ensureRedis, RedisUnavailableError, REDIS_INSTALL_HINT } from '../src/redis/private-redis';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'launcher-redis-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('Redis for npm start', () => {
  it('uses REDIS_URL when it answers, without starting anything', async () => {
    const lines: string[] = [];
    const choice = await ensureRedis({ url: 'redis://127.0.0.1:6379', dir, print: (l) => lines.push(l) });
    expect(choice).toEqual({ url: 'redis://127.0.0.1:6379', server: null });
  });

  it('starts a private, unsaved redis-server when REDIS_URL is unreachable, and stops it', async () => {
    const closed = `redis://127.0.0.1:${await freePort()}`;
    expect(await isRedisReachable(closed)).toBe(false);
    const lines: string[] = [];
    const choice = await ensureRedis({ url: closed, dir, print: (l) => lines.push(l) });
    expect(choice.server).not.toBeNull();
    expect(choice.url).not.toBe(closed);
    const redis = new Redis(choice.url, { maxRetriesPerRequest: 1 });
    try {
      await redis.set('launcher-probe', 'ok');
      expect(await redis.get('launcher-probe')).toBe('ok');
      expect(await redis.config('GET', 'save')).toEqual(['save', '']);
      expect(await redis.config('GET', 'appendonly')).toEqual(['appendonly', 'no']);
    } finally {
      redis.disconnect();
    }
    expect(await choice.server?.stop()).toEqual({ code: 0, signal: null });
    expect(await isRedisReachable(choice.url, 500)).toBe(false);
  });

  it('stops a private redis-server left behind by a launcher that was killed outright', async () => {
    const closed = `redis://127.0.0.1:${await freePort()}`;
    const orphan = await ensureRedis({ url: closed, dir, print: () => undefined });
    const next = await ensureRedis({ url: closed, dir, print: () => undefined });
    try {
      expect(next.url).not.toBe(orphan.url);
      expect(await orphan.server?.exited).toEqual({ code: 0, signal: null });
      expect(await isRedisReachable(orphan.url, 500)).toBe(false);
      expect(await isRedisReachable(next.url)).toBe(true);
    } finally {
      await orphan.server?.stop();
      await next.server?.stop();
    }
  });

  it('without redis-server installed, fails with one line saying how to get Redis', async () => {
    const closed = `redis://127.0.0.1:${await freePort()}`;
    const attempt = ensureRedis({
      url: closed,
      dir,
      print: () => undefined,
      command: 'redis-server-missing',
    });
    await expect(attempt).rejects.toThrow(RedisUnavailableError);
    const message = await attempt.then(
      () => '',
      (err: Error) => err.message,
    );
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toContain(`Redis is not reachable at ${closed}`);
    expect(message).toContain(REDIS_INSTALL_HINT);
    expect(REDIS_INSTALL_HINT).toMatch(
      /apt-get install redis-server.*brew install redis.*docker compose up -d redis/,
    );
  });
});
