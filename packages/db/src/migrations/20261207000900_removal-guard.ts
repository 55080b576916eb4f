import { type Kysely, sql } from 'kysely';

// Frozen: imports nothing from the app. S8 on every path: the sliding window of applied removals per connection,
// the pending confirmations and the removals they hold (issue 15 item 5).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table removal_confirmations (
      id uuid primary key default gen_random_uuid(),
      connection_id uuid not null references connections (id) on delete cascade,
      status text not null default 'pending'
        check (status in ('pending', 'approved', 'rejected', 'withdrawn')),
      source text not null,
      run_id uuid references sync_runs (id) on delete set null,
      window_removals integer not null,
      synced integer not null,
      opened_at timestamptz(3) not null default now(),
      decided_at timestamptz(3),
      decided_by text,
      decided_count integer
    );
    create unique index removal_confirmations_one_pending on removal_confirmations (connection_id)
      where status = 'pending';

    create table held_removals (
      confirmation_id uuid not null references removal_confirmations (id) on delete cascade,
      connection_id uuid not null references connections (id) on delete cascade,
      object_id text not null,
      removal text not null check (removal in ('deleted', 'disabled', 'out-of-scope')),
      reason text not null,
      source text not null,
      run_id uuid,
      record_kind text not null check (record_kind in ('employee', 'contact')),
      record_id uuid not null,
      display_name text,
      email text,
      observation jsonb not null,
      held_at timestamptz(3) not null default now(),
      applied_at timestamptz(3),
      primary key (confirmation_id, object_id)
    );
    create index held_removals_object on held_removals (connection_id, object_id);

    create table removal_window (
      id bigint generated always as identity primary key,
      connection_id uuid not null references connections (id) on delete cascade,
      object_id text not null,
      removed_at timestamptz(3) not null default now(),
      confirmation_id uuid references removal_confirmations (id) on delete set null
    );
    create index removal_window_recent on removal_window (connection_id, removed_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table removal_window;
    drop table held_removals;
    drop table removal_confirmations;
  `.execute(db);
}
