import type { ColumnType, Generated } from 'kysely';

export type SyncRunStatus = 'queued' | 'running' | 'awaiting_confirmation' | 'succeeded' | 'failed';

export interface SyncRunTable {
  id: Generated<string>;
  connection_id: string;
  status: ColumnType<SyncRunStatus, SyncRunStatus | undefined, SyncRunStatus>;
  counts: ColumnType<Record<string, number>, string | undefined, string>;
  started_at: ColumnType<Date, Date | string | undefined, Date | string>;
  finished_at: Date | null;
  error: string | null;
}
