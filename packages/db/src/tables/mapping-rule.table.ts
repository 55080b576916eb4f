import type { ColumnType } from 'kysely';
import type { RecordKind } from '@entra-sync/domain';
import type { CreatedAt, GeneratedInt8, TextArray } from './column-types';

export interface MappingRuleTable {
  id: GeneratedInt8;
  connection_id: string;
  group_id: string;
  order: number;
  target: RecordKind;
  account_id: string | null;
  security_role: string | null;
  modules: TextArray;
  portal_access: ColumnType<boolean, boolean | undefined, boolean>;
  portal_role: string | null;
  transitive: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
}
