import type { ColumnType } from 'kysely';
import type { TextArray, UpdatedAt } from './column-types';

/** Single row (id is always true): the S2.3 employee defaults. */
export interface EmployeeDefaultsTable {
  id: ColumnType<boolean, boolean | undefined, never>;
  first_name: string | null;
  last_name: string | null;
  department: string | null;
  location: string | null;
  time_zone: string | null;
  security_role: string | null;
  modules: TextArray;
  updated_at: UpdatedAt;
}
