import Redis from 'ioredis';
import pg from 'pg';
import { PrivatePostgres, PrivateRedis } from '../src';

describe('private Postgres (STYLE 19: faults on our own instance)', () => {
  let cluster: PrivatePostgres;
  beforeAll(async () => {
    cluster = await PrivatePostgres.start();
  }, 60_000);
  afterAll(() => cluster?.destroy());

  it('keeps committed rows across an immediate (crash-like) restart and ends a held session', async () => {
    await cluster.query('create table kept (id int primary key)');
    await cluster.query('insert into kept values (1), (2)');
    const held = new pg.Client({ connectionString: cluster.url() });
    held.on('error', () => undefined);
    await held.connect();
    const before = cluster.pid;
    await cluster.restart('immediate');
    expect(cluster.pid).not.toBe(before);
    await expect(held.query('select 1')).rejects.toThrow();
    await held.end().catch(() => undefined);
    const rows = await cluster.query<{ n: string }>('select count(*) as n from kept');
    expect(rows[0]?.n).toBe('2');
  }, 60_000);

  it('terminates client backends and freezes until thawed', async () => {
    const victim = new pg.Client({ connectionString: cluster.url(), application_name: 'victim' });
    victim.on('error', () => undefined);
    await victim.connect();
    expect(await cluster.terminateBackends('victim')).toBe(1);
    await expect(victim.query('select 1')).rejects.toThrow();
    await victim.end().catch(() => undefined);

    const client = new pg.Client({ connectionString: cluster.url(), query_timeout: 300 });
    await client.connect();
    cluster.freeze();
    await expect(client.query('select 1')).rejects.toThrow(/timeout/i);
    cluster.thaw();
    const ok = new pg.Client({ connectionString: cluster.url() });
    await ok.connect();
    expect((await ok.query('select 1 as one')).rows[0].one).toBe(1);
    await Promise.all([ok.end(), client.end().catch(() => undefined)]);
  }, 60_000);
});

describe('private Redis', () => {
  it.each([true, false])(
    'aof=%s: a restart keeps writes only with the append-only file',
    async (aof) => {
      const redis = await PrivateRedis.start({ aof });
      const client = new Redis(redis.url, { maxRetriesPerRequest: null });
      try {
        await client.set('k', 'v');
        expect(await client.config('GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'noeviction']);
        await redis.restart('SIGKILL');
        expect(await client.get('k')).toBe(aof ? 'v' : null);
      } finally {
        client.disconnect();
        await redis.destroy();
      }
    },
    30_000,
  );
});
