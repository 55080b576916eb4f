import { type Kysely, sql } from 'kysely';

// Frozen: imports nothing from the app. F4: a named lease (holder, expiry) instead of a session advisory lock,
// so work that calls Graph while it holds the name keeps no pooled connection.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table named_leases (
      name text primary key,
      holder text not null,
      expires_at timestamptz(3) not null
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table named_leases`.execute(db);
}
