import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, TextArray, UpdatedAt } from './column-types';

/** One login per person: exactly one of employee_id / contact_id; username unique on lower(username). */
export interface LoginTable {
  id: Generated<string>;
  username: string;
  employee_id: string | null;
  contact_id: string | null;
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  /** employee: security role; contact: portal role */
  role: string | null;
  modules: TextArray;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}
