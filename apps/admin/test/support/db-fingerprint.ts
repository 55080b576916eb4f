import { sql } from 'kysely';
import type { Db } from '@entra-sync/db';
import { queueKeys, type Producer } from '@entra-sync/queues';

// Tables whose rows record attempts by design: a refused request is still an operator action (X3).
const ATTEMPT_TABLES = new Set(['operator_audit']);

/** A digest of every row of every table (except the attempt logs) and every queue's job counts. */
export async function stateFingerprint(db: Db, producer: Producer): Promise<string> {
  const tables = (
    await sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'kysely_%'
      order by table_name`.execute(db)
  ).rows.filter((t) => !ATTEMPT_TABLES.has(t.name));
  const digests = sql.join(
    tables.map(
      ({ name }) =>
        sql`select ${name} as name, md5(string_agg(t::text, '|' order by t::text)) as digest from ${sql.table(name)} t`,
    ),
    sql` union all `,
  );
  const [rows, counts] = await Promise.all([
    sql<{ name: string; digest: string | null }>`${digests}`.execute(db),
    Promise.all(
      queueKeys.map(async (key) => `${key}:${JSON.stringify(await producer.queue(key).getJobCounts())}`),
    ),
  ]);
  return [...rows.rows.map((r) => `${r.name}:${r.digest ?? 'empty'}`), ...counts].join('\n');
}
