import { createDb } from '@entra-sync/db';
import { makeConnection } from '@entra-sync/db/testing';
import { rawUpsertRate } from '../apply-step/raw-upsert';
import { createBenchDatabase } from '../infra/database';

// The Postgres limit: bare batched INSERT … ON CONFLICT of the rows an initial sync writes per user, on the
// same (freshly migrated) tables, in chunks of the apply step's size.

export interface RawPostgresOptions {
  users: number;
  /** chunks written at once, each on its own connection */
  streams: number;
}

export interface RawPostgresRate {
  rowsPerSecond: number;
  usersPerSecond: number;
  streams: number;
  users: number;
  seconds: number;
  /** the scratch database it ran in (dropped before returning) */
  database: string;
}

const CHUNK_USERS = 500;

export async function rawPostgresRate(options: RawPostgresOptions): Promise<RawPostgresRate> {
  const { users, streams } = options;
  if (!(users >= 1) || !(streams >= 1)) throw new Error('users and streams must be at least 1');
  const bench = await createBenchDatabase();
  // a pool of its own, so the bench database's small pool never caps the streams
  const db = createDb(bench.url, { max: streams, applicationName: 'entra-sync-bench-raw' });
  try {
    const connectionId = await makeConnection(bench.db);
    const result = await rawUpsertRate(db, connectionId, users, { size: CHUNK_USERS, streams });
    return {
      rowsPerSecond: result.rows / result.seconds,
      usersPerSecond: result.users / result.seconds,
      streams,
      users: result.users,
      seconds: result.seconds,
      database: bench.name,
    };
  } finally {
    await db.destroy();
    await bench.drop();
  }
}
