import type { Generated } from 'kysely';
import type { CreatedAt, UpdatedAt } from './column-types';

export interface AccountTable {
  id: Generated<string>;
  name: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}
