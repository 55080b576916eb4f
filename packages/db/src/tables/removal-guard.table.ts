import type { ColumnType, Generated } from 'kysely';
import type { RecordKind, RemovalKind } from '@entra-sync/domain';
import type { CreatedAt, GeneratedInt8, Json } from './column-types';

export type ConfirmationStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn';

/** S8: a decision waiting for (or taken by) an operator; at most one pending per connection. */
export interface RemovalConfirmationTable {
  id: Generated<string>;
  connection_id: string;
  status: ColumnType<ConfirmationStatus, ConfirmationStatus | undefined, ConfirmationStatus>;
  /** the path whose removals crossed the threshold: `notification`, `delta`, `full-sync`, … */
  source: string;
  run_id: string | null;
  /** unconfirmed removals already applied in the window when it opened */
  window_removals: number;
  /** the population the threshold was taken of */
  synced: number;
  opened_at: CreatedAt;
  decided_at: Date | null;
  decided_by: string | null;
  decided_count: number | null;
}

/** One person a confirmation holds: the observation that would remove their access, kept to apply on approval. */
export interface HeldRemovalTable {
  confirmation_id: string;
  connection_id: string;
  object_id: string;
  removal: RemovalKind;
  reason: string;
  source: string;
  run_id: string | null;
  record_kind: RecordKind;
  record_id: string;
  display_name: string | null;
  email: string | null;
  observation: Json<Record<string, unknown>>;
  held_at: ColumnType<Date, Date | string | undefined, Date | string>;
  applied_at: Date | null;
}

/** Removals applied per connection, by database time (one host clock for every worker). */
export interface RemovalWindowTable {
  id: GeneratedInt8;
  connection_id: string;
  object_id: string;
  removed_at: CreatedAt;
  confirmation_id: string | null;
}
