import pg from 'pg';
import { PrivatePostgres } from '@entra-sync/test-infra';
import { localPortsOf, openTransactions } from './backend-owner';

let cluster: PrivatePostgres;
beforeAll(async () => {
  cluster = await PrivatePostgres.start();
}, 60_000);
afterAll(() => cluster?.destroy());

describe('finding the worker inside a transaction (the kill-in-COMMIT fault)', () => {
  it('lists a worker session with an open transaction and maps its client port to this process', async () => {
    const worker = new pg.Client({ connectionString: cluster.url(), application_name: 'entra-sync-worker' });
    const idle = new pg.Client({ connectionString: cluster.url(), application_name: 'entra-sync-worker' });
    await worker.connect();
    await idle.connect();
    try {
      await worker.query('begin');
      await worker.query('select 1 as inside');
      await idle.query('select 1'); // a session outside any transaction is not a target
      const open = await openTransactions(cluster);
      expect(open).toHaveLength(1);
      expect(open[0]?.query).toBe('select 1 as inside');
      expect(localPortsOf(process.pid).has(open[0]?.clientPort ?? -1)).toBe(true);
      await worker.query('commit');
      expect(await openTransactions(cluster)).toEqual([]);
    } finally {
      await worker.end();
      await idle.end();
    }
  }, 30_000);

  it('knows no ports of a process that is gone', () => {
    expect(localPortsOf(2 ** 22 + 1).size).toBe(0);
  });
});
