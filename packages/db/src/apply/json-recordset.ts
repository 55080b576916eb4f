import { sql } from 'kysely';

/**
 * Rows as one JSON parameter read back by `json_to_recordset`: one `JSON.stringify` in Node (native) in
 * place of node-postgres' per-value array escaping, and one parameter per statement however many rows.
 * `definition` names the columns (the rows' keys) and their types, e.g. `id uuid, email text`.
 */
export const recordset = (rows: readonly object[], definition: string) =>
  sql`json_to_recordset(${JSON.stringify(rows)}::json) as v(${sql.raw(definition)})`;
