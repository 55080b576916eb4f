import type { Kysely } from 'kysely';
import type { Database } from '../tables/database';

export interface OutboxEventInput {
  topic: string;
  payload: Record<string, unknown>;
}

export interface OutboxEvent extends OutboxEventInput {
  id: number;
  xid: string;
  createdAt: Date;
  publishedAt: Date | null;
}

/** S9: written in the transaction that changed the record, so an event exists iff the change committed. */
export async function insertOutboxEvents(
  db: Kysely<Database>,
  events: readonly OutboxEventInput[],
): Promise<void> {
  if (events.length === 0) return;
  await db
    .insertInto('outbox')
    .values(events.map((e) => ({ topic: e.topic, payload: JSON.stringify(e.payload) })))
    .execute();
}

export async function listUnpublishedOutboxEvents(db: Kysely<Database>, limit = 100): Promise<OutboxEvent[]> {
  const rows = await db
    .selectFrom('outbox')
    .selectAll()
    .where('published_at', 'is', null)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: Number(row.id),
    xid: row.xid,
    topic: row.topic,
    payload: row.payload,
    createdAt: row.created_at,
    publishedAt: row.published_at,
  }));
}
