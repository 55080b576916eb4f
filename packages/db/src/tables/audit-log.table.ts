import type { ColumnType } from 'kysely';
import type { RecordKind } from '@entra-sync/domain';
import type { CreatedAt, GeneratedInt8, NullableJson } from './column-types';

export interface AuditLogTable {
  id: GeneratedInt8;
  /** the writing transaction: groups the entries of one apply */
  xid: ColumnType<string, never, never>;
  at: CreatedAt;
  actor: string;
  connection_id: string | null;
  object_id: string | null;
  record_kind: RecordKind | null;
  record_id: string | null;
  rule_id: ColumnType<string | null, string | number | null | undefined, never>;
  action: string;
  reason: string;
  before: NullableJson<Record<string, unknown>>;
  after: NullableJson<Record<string, unknown>>;
}
