import type { DirectoryUserFields } from '@entra-sync/domain';
import type { NullableJson, Timestamp } from './column-types';

/** Mirror of what we last saw of a directory user (newest observation wins). */
export interface DirectoryUserTable {
  connection_id: string;
  object_id: string;
  fields: NullableJson<DirectoryUserFields>;
  deleted: boolean;
  observed_at: Timestamp;
}

export interface DirectoryGroupMemberTable {
  connection_id: string;
  group_id: string;
  member_id: string;
  /** member only through nested groups */
  nested: boolean;
}
