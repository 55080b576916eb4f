import { type Kysely, sql } from 'kysely';

// Frozen: imports nothing from the app. Tickets and invoices: the relational data of S5.4 / S6.2.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table tickets (
      id uuid primary key default gen_random_uuid(),
      title text not null,
      contact_id uuid references contacts (id),
      employee_id uuid references employees (id),
      created_at timestamptz(3) not null default now()
    );
    create index tickets_contact on tickets (contact_id);
    create index tickets_employee on tickets (employee_id);

    create table invoices (
      id uuid primary key default gen_random_uuid(),
      number text not null unique,
      contact_id uuid references contacts (id),
      employee_id uuid references employees (id),
      amount_cents integer not null default 0,
      created_at timestamptz(3) not null default now()
    );
    create index invoices_contact on invoices (contact_id);
    create index invoices_employee on invoices (employee_id);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table invoices;
    drop table tickets;
  `.execute(db);
}
