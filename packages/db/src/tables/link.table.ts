import type { RecordKind } from '@entra-sync/domain';
import type { CreatedAt, Timestamp, UpdatedAt } from './column-types';

/** (connection, object id) → record (S3.1); unique both ways (S3.3). */
export interface LinkTable {
  connection_id: string;
  object_id: string;
  kind: RecordKind;
  record_id: string;
  last_observed_at: Timestamp;
  fingerprint: string | null;
  in_scope: boolean;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}
