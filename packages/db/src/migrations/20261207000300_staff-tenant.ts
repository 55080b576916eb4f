import { type Kysely, sql } from 'kysely';

// Frozen: imports nothing from the app. S3.4: the staff-tenant mark of a connection.
// A connection that already has an employee rule was told by its operator to create employees: it is
// marked, so an upgrade changes nothing for it (T6). Every other connection is a customer tenant.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table connections add column staff_tenant boolean not null default false;
    update connections c set staff_tenant = true
    where exists (select 1 from mapping_rules r where r.connection_id = c.id and r.target = 'employee');
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table connections drop column staff_tenant`.execute(db);
}
