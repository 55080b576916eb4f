import { type Kysely, type Selectable, sql } from 'kysely';
import type { Link, RecordKind } from '@entra-sync/domain';
import type { Database } from '../tables/database';
import type { LinkTable } from '../tables/link.table';

export const toLink = (row: Selectable<LinkTable>): Link => ({
  connectionId: row.connection_id,
  objectId: row.object_id,
  kind: row.kind,
  recordId: row.record_id,
  lastObservedAt: row.last_observed_at,
  fingerprint: row.fingerprint,
  inScope: row.in_scope,
});

export async function getLink(
  db: Kysely<Database>,
  connectionId: string,
  objectId: string,
): Promise<Link | null> {
  const row = await db
    .selectFrom('links')
    .selectAll()
    .where('connection_id', '=', connectionId)
    .where('object_id', '=', objectId)
    .executeTakeFirst();
  return row ? toLink(row) : null;
}

export async function findLinkByRecord(
  db: Kysely<Database>,
  kind: RecordKind,
  recordId: string,
): Promise<Link | null> {
  const row = await db
    .selectFrom('links')
    .selectAll()
    .where('kind', '=', kind)
    .where('record_id', '=', recordId)
    .executeTakeFirst();
  return row ? toLink(row) : null;
}

/** S8: every directory user ever synced through a connection (reconciliation finds the missing ones). */
export async function listLinks(db: Kysely<Database>, connectionId: string): Promise<Link[]> {
  const rows = await db
    .selectFrom('links')
    .selectAll()
    .where('connection_id', '=', connectionId)
    .orderBy('object_id')
    .execute();
  return rows.map(toLink);
}

/**
 * Writes the link of (connection, object id); last_observed_at only moves forward (S4.5). A record
 * already linked to another directory user violates links_record_key: an error, never a second link (S3.3).
 */
export async function upsertLink(db: Kysely<Database>, link: Link): Promise<void> {
  const values = {
    kind: link.kind,
    record_id: link.recordId,
    last_observed_at: link.lastObservedAt,
    fingerprint: link.fingerprint,
    in_scope: link.inScope,
  };
  await db
    .insertInto('links')
    .values({ connection_id: link.connectionId, object_id: link.objectId, ...values })
    .onConflict((oc) =>
      oc.columns(['connection_id', 'object_id']).doUpdateSet((eb) => ({
        ...values,
        last_observed_at: sql<Date>`greatest(${eb.ref('links.last_observed_at')}, ${eb.ref('excluded.last_observed_at')})`,
        updated_at: sql`now()`,
      })),
    )
    .execute();
}
