import { type Kysely, sql } from 'kysely';

// Frozen: imports nothing from the app. Issue 15 item 7: every operator action through the admin API — who,
// what, on what, with which outcome, when and from where (X3).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table operator_audit (
      id bigserial primary key,
      at timestamptz(3) not null default now(),
      actor text not null,
      action text not null,
      method text not null,
      target text not null,
      status integer not null,
      source_address text not null,
      detail jsonb not null default '{}'
    );
    create index operator_audit_action on operator_audit (action, id desc);
    create index operator_audit_at on operator_audit (at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table operator_audit;`.execute(db);
}
