import type { ColumnType, Generated } from 'kysely';
import type { ContactStatus } from '@entra-sync/domain';
import type { CreatedAt, UpdatedAt } from './column-types';
import type { PersonColumns } from './person-columns';

export interface ContactTable extends PersonColumns {
  id: Generated<string>;
  account_id: string;
  status: ColumnType<ContactStatus, ContactStatus | undefined, ContactStatus>;
  portal_access: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}
