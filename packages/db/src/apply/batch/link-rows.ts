import { type Kysely, sql } from 'kysely';
import type { Link } from '@entra-sync/domain';
import type { Database } from '../../tables/database';

/**
 * Upserts the links a batch changed, in the order its plans wrote them: a record one user's link leaves
 * is free before a later user's link takes it (links_record_key is checked row by row, S3.3).
 * last_observed_at only moves forward (S4.5); unchanged links are not in the list, so not rewritten.
 */
export async function upsertLinks(db: Kysely<Database>, links: readonly Link[]): Promise<void> {
  if (links.length === 0) return;
  await sql`insert into links (connection_id, object_id, kind, record_id, last_observed_at, fingerprint, in_scope)
    select * from unnest(
      ${links.map((l) => l.connectionId)}::uuid[], ${links.map((l) => l.objectId)}::text[],
      ${links.map((l) => l.kind)}::text[], ${links.map((l) => l.recordId)}::uuid[],
      ${links.map((l) => l.lastObservedAt.toISOString())}::timestamptz[], ${links.map((l) => l.fingerprint)}::text[],
      ${links.map((l) => l.inScope)}::boolean[])
    on conflict (connection_id, object_id) do update set
      kind = excluded.kind, record_id = excluded.record_id,
      last_observed_at = greatest(links.last_observed_at, excluded.last_observed_at),
      fingerprint = excluded.fingerprint, in_scope = excluded.in_scope, updated_at = now()`.execute(db);
}
