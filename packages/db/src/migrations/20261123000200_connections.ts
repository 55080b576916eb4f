import { type Kysely, sql } from 'kysely';

// Frozen: imports nothing from the app. Connections, their rules and their Graph state.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table connections (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      tenant text not null,
      tenant_id text,
      client_id text not null,
      client_secret bytea not null,
      refresh_token bytea,
      status text not null default 'pending'
        check (status in ('connected', 'failing', 'disabled', 'pending')),
      last_error text,
      last_sync_at timestamptz(3),
      next_retry_at timestamptz(3),
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now()
    );
    create unique index connections_name_key on connections (lower(name));
    create index connections_retry on connections (next_retry_at) where status = 'failing';

    create table mapping_rules (
      id bigserial primary key,
      connection_id uuid not null references connections (id) on delete cascade,
      group_id text not null,
      "order" integer not null,
      target text not null check (target in ('employee', 'contact')),
      account_id uuid references accounts (id),
      security_role text,
      modules text[] not null default '{}',
      portal_access boolean not null default false,
      portal_role text,
      transitive boolean not null default false,
      created_at timestamptz(3) not null default now(),
      constraint mapping_rules_contact_account check (target <> 'contact' or account_id is not null)
    );
    create index mapping_rules_connection on mapping_rules (connection_id);

    create table sync_runs (
      id uuid primary key default gen_random_uuid(),
      connection_id uuid not null references connections (id) on delete cascade,
      status text not null default 'queued'
        check (status in ('queued', 'running', 'awaiting_confirmation', 'succeeded', 'failed')),
      counts jsonb not null default '{}',
      started_at timestamptz(3) not null default now(),
      finished_at timestamptz(3),
      error text
    );
    create index sync_runs_connection on sync_runs (connection_id, started_at desc);

    create table graph_subscriptions (
      connection_id uuid not null references connections (id) on delete cascade,
      resource text not null,
      subscription_id text not null unique,
      client_state bytea not null,
      expires_at timestamptz(3) not null,
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now(),
      primary key (connection_id, resource)
    );
    create index graph_subscriptions_expiry on graph_subscriptions (expires_at);

    create table delta_state (
      connection_id uuid not null references connections (id) on delete cascade,
      resource text not null,
      delta_link text not null,
      updated_at timestamptz(3) not null default now(),
      primary key (connection_id, resource)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table delta_state;
    drop table graph_subscriptions;
    drop table sync_runs;
    drop table mapping_rules;
    drop table connections;
  `.execute(db);
}
