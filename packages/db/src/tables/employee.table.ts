import type { ColumnType, Generated } from 'kysely';
import type { EmployeeStatus } from '@entra-sync/domain';
import type { CreatedAt, UpdatedAt } from './column-types';
import type { PersonColumns } from './person-columns';

export interface EmployeeTable extends PersonColumns {
  id: Generated<string>;
  department: string | null;
  location: string | null;
  time_zone: string | null;
  is_root: ColumnType<boolean, boolean | undefined, never>;
  status: ColumnType<EmployeeStatus, EmployeeStatus | undefined, EmployeeStatus>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}
