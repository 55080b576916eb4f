import { type Kysely, sql } from 'kysely';

// Frozen: imports nothing from the app. Records, logins and the small role/module catalog.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table accounts (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now()
    );

    create table employees (
      id uuid primary key default gen_random_uuid(),
      first_name text, last_name text, email text,
      office_phone text, mobile_phone text, job_title text,
      department text, location text, time_zone text,
      is_root boolean not null default false,
      status text not null default 'active' check (status in ('active', 'inactive', 'archived')),
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now()
    );
    create unique index employees_single_root on employees (is_root) where is_root;
    create index employees_email_lookup on employees (lower(trim(email)) text_pattern_ops);

    create table contacts (
      id uuid primary key default gen_random_uuid(),
      account_id uuid not null references accounts (id),
      first_name text, last_name text, email text,
      office_phone text, mobile_phone text, job_title text,
      status text not null default 'active' check (status in ('active', 'inactive')),
      portal_access boolean not null default false,
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now()
    );
    create index contacts_email_lookup on contacts (lower(trim(email)) text_pattern_ops);
    create index contacts_account on contacts (account_id);

    create table logins (
      id bigserial primary key,
      username text not null check (username <> ''),
      employee_id uuid unique references employees (id),
      contact_id uuid unique references contacts (id),
      enabled boolean not null default true,
      role text,
      modules text[] not null default '{}',
      created_at timestamptz(3) not null default now(),
      updated_at timestamptz(3) not null default now(),
      constraint logins_one_owner check (num_nonnulls(employee_id, contact_id) = 1)
    );
    -- One index serves uniqueness, equality lookups and the '_Archived' prefix scan (S6.2).
    create unique index logins_username_key on logins (lower(username) text_pattern_ops);

    create table security_roles (name text primary key, description text not null);
    create table modules (name text primary key, description text not null);
    insert into security_roles (name, description) values
      ('Administrator', 'Full access, including settings'),
      ('Manager', 'Service desk and reports'),
      ('Technician', 'Tickets and time entries'),
      ('Portal User', 'Client portal: own tickets'),
      ('Portal Manager', 'Client portal: all tickets and invoices of the account');
    insert into modules (name, description) values
      ('tickets', 'Service desk'),
      ('time', 'Time entries'),
      ('crm', 'Accounts and contacts'),
      ('billing', 'Invoices'),
      ('hr', 'Employees'),
      ('reports', 'Reports'),
      ('settings', 'Installation settings');

    create table employee_defaults (
      id boolean primary key default true check (id),
      first_name text, last_name text, department text, location text, time_zone text,
      security_role text, modules text[] not null default '{}',
      updated_at timestamptz(3) not null default now()
    );
    insert into employee_defaults (id) values (true);
  `.execute(db);

  await sql`
    with root as (
      insert into employees (first_name, last_name, is_root, department, time_zone)
      values ('System', 'Administrator', true, 'Administration', 'UTC')
      returning id
    )
    insert into logins (username, employee_id, role, modules)
    select 'admin', id, 'Administrator', array(select name from modules order by name) from root
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    drop table employee_defaults;
    drop table modules;
    drop table security_roles;
    drop table logins;
    drop table contacts;
    drop table employees;
    drop table accounts;
  `.execute(db);
}
