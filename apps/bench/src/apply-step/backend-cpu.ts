import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import type { Db } from '@entra-sync/db';

// CPU seconds spent by Postgres backends serving one database (local Postgres only, via /proc): under a
// shared, loaded machine, CPU per user is a steadier figure than wall time.

const TICKS = 100;

function processSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return null;
  }
}

/** Total CPU seconds of the live backends connected to `database`, or null when they are not local. */
export async function backendCpuSeconds(db: Db, database: string): Promise<number | null> {
  const { rows } = await sql<{ pid: number }>`
    select pid from pg_stat_activity where datname = ${database} and backend_type = 'client backend'`.execute(
    db,
  );
  let total = 0;
  for (const { pid } of rows) {
    const seconds = processSeconds(pid);
    if (seconds === null) return null;
    total += seconds;
  }
  return total;
}
