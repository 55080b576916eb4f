import { type Kysely, sql } from 'kysely';

/**
 * The database's clock now (S4.5): the one clock every worker host shares, so an observation stamped with it
 * before a Graph read is ordered against every other worker's, whatever their own clocks say (D2, F5).
 */
export async function databaseNow<DB>(db: Kysely<DB>): Promise<Date> {
  const { rows } = await sql<{ now: Date }>`select clock_timestamp() as now`.execute(db);
  const now = rows[0]?.now;
  if (!(now instanceof Date)) throw new Error('clock_timestamp() returned no time');
  return now;
}
