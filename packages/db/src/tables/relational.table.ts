import type { Generated } from 'kysely';
import type { CreatedAt } from './column-types';

/** S5.4 / S6.2 relational data: references that must stay attached to their records. */
export interface TicketTable {
  id: Generated<string>;
  title: string;
  contact_id: string | null;
  employee_id: string | null;
  created_at: CreatedAt;
}

export interface InvoiceTable {
  id: Generated<string>;
  number: string;
  contact_id: string | null;
  employee_id: string | null;
  amount_cents: number;
  created_at: CreatedAt;
}
