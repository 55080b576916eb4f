import { type Kysely, sql } from 'kysely';

// Frozen: imports nothing from the app. Directory mirror, links, audit log and outbox.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table directory_users (
      connection_id uuid not null references connections (id) on delete cascade,
      object_id text not null,
      fields jsonb,
      deleted boolean not null default false,
      observed_at timestamptz(3) not null,
      primary key (connection_id, object_id)
    );

    create table directory_group_members (
      connection_id uuid not null references connections (id) on delete cascade,
      group_id text not null,
      member_id text not null,
      nested boolean not null default false,
      primary key (connection_id, group_id, member_id)
    );
    create index directory_group_members_member on directory_group_members (connection_id, member_id);

    -- Records are never deleted (S5.1), so record_id needs no foreign key across the two tables.
    create table links (
      connection_id uuid not null references connections (id) on delete cascade,
      object_id text not null,
      kind text not null check (kind in ('employee', 'contact')),
      record_id uuid not null,
      last_observed_at timestamptz(3) not null,
      fingerprint text,
      in_scope boolean not null default true,
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now(),
      primary key (connection_id, object_id),
      constraint links_record_key unique (kind, record_id)
    );

    create table audit_log (
      id bigserial primary key,
      xid xid8 not null default pg_current_xact_id(),
      at timestamptz(3) not null default now(),
      actor text not null,
      connection_id uuid,
      object_id text,
      record_kind text check (record_kind in ('employee', 'contact')),
      record_id uuid,
      rule_id bigint,
      action text not null,
      reason text not null,
      before jsonb,
      after jsonb
    );
    create index audit_log_connection on audit_log (connection_id, id desc);
    create index audit_log_object on audit_log (object_id, id desc);
    create index audit_log_record on audit_log (record_id, id desc);

    create table outbox (
      id bigserial primary key,
      xid xid8 not null default pg_current_xact_id(),
      topic text not null,
      payload jsonb not null,
      created_at timestamptz(3) not null default now(),
      published_at timestamptz(3)
    );
    create index outbox_unpublished on outbox (id) where published_at is null;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table outbox;
    drop table audit_log;
    drop table links;
    drop table directory_group_members;
    drop table directory_users;
  `.execute(db);
}
