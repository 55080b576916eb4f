import type { ColumnType } from 'kysely';
import type { CreatedAt, GeneratedInt8, Json } from './column-types';

/** S9 transactional outbox; `xid` (pg_current_xact_id) lets a publisher follow commit order. */
export interface OutboxTable {
  id: GeneratedInt8;
  xid: ColumnType<string, never, never>;
  topic: string;
  payload: Json<Record<string, unknown>>;
  created_at: CreatedAt;
  published_at: ColumnType<Date | null, never, Date | string | null>;
}
