import pg from 'pg';
import { BASE_DATABASE_URL } from '../infra/database';
import { rawPostgresRate } from './raw-upsert';

async function databaseExists(name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: BASE_DATABASE_URL });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    return rowCount === 1;
  } finally {
    await client.end();
  }
}

describe('rawPostgresRate', () => {
  it('writes the rows of every user over two streams at positive rates, then drops its database', async () => {
    const result = await rawPostgresRate({ users: 1200, streams: 2 });
    expect(result).toMatchObject({ users: 1200, streams: 2 });
    expect(result.database).toMatch(/^entra_bench_/);
    expect(result.seconds).toBeGreaterThan(0);
    expect(result.usersPerSecond).toBeCloseTo(1200 / result.seconds, 6);
    // 11 rows per user: employee, login, link, 3 audit rows, 2 outbox events, mirror row, 2 memberships
    expect(result.rowsPerSecond).toBeCloseTo(11 * result.usersPerSecond, 6);
    expect(await databaseExists(result.database)).toBe(false);
  });
});
