import { type Kysely, sql } from 'kysely';
import type { Link } from '@entra-sync/domain';
import type { Database } from '../tables/database';
import { recordset } from './json-recordset';

const linkRows = (links: readonly Link[]) =>
  recordset(
    links.map((l) => ({
      object_id: l.objectId,
      kind: l.kind,
      record_id: l.recordId,
      last_observed_at: l.lastObservedAt.toISOString(),
      fingerprint: l.fingerprint,
      in_scope: l.inScope,
    })),
    'object_id text, kind text, record_id uuid, last_observed_at timestamptz, fingerprint text, in_scope boolean',
  );
const COLUMNS = 'object_id, kind, record_id, last_observed_at, fingerprint, in_scope';

/**
 * Writes the links a batch changed. Existing ones first, as an upsert whose rows are processed in the
 * order the plans wrote them (an UPDATE … FROM would not keep it), so a record one user's link leaves is
 * free before another link takes it (links_record_key is checked row by row, S3.3). Then the new ones,
 * as plain INSERTs: only the apply step writes links, under the object's lock (B2).
 * last_observed_at only moves forward (S4.5).
 */
export async function writeLinks(
  db: Kysely<Database>,
  connectionId: string,
  changed: readonly Link[],
  isNew: (link: Link) => boolean,
): Promise<void> {
  const updated = changed.filter((l) => !isNew(l));
  const inserted = changed.filter(isNew);
  if (updated.length > 0) {
    await sql`insert into links (connection_id, object_id, kind, record_id, last_observed_at, fingerprint, in_scope)
      select ${connectionId}, ${sql.raw(COLUMNS)} from ${linkRows(updated)}
      on conflict (connection_id, object_id) do update set
        kind = excluded.kind, record_id = excluded.record_id,
        last_observed_at = greatest(links.last_observed_at, excluded.last_observed_at),
        fingerprint = excluded.fingerprint, in_scope = excluded.in_scope, updated_at = now()`.execute(db);
  }
  if (inserted.length > 0) {
    await sql`insert into links (connection_id, object_id, kind, record_id, last_observed_at, fingerprint, in_scope)
      select ${connectionId}, ${sql.raw(COLUMNS)} from ${linkRows(inserted)}`.execute(db);
  }
}
