import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../src';

// The measured limit: what Postgres itself sustains for the rows an initial sync writes per user
// (record, login, link, 3 audit rows, 2 outbox events, mirror row, memberships), as plain multi-row
// INSERT … ON CONFLICT statements over unnest, one transaction per chunk — no locks, loads or planning.

const REASON =
  'S3.2 created a employee for directory user 00000000-0000-4000-8000-000000000000: no employee has e-mail user@bench.example (rule #1)';

export interface RawResult {
  users: number;
  rows: number;
  seconds: number;
}

async function chunk(db: Db, connectionId: string, from: number, size: number): Promise<number> {
  const n = Array.from({ length: size }, (_, k) => from + k);
  const ids = n.map(() => randomUUID());
  const objects = n.map((i) => `raw-${i}`);
  const emails = n.map((i) => `raw${i}@bench.example`);
  const rep = <T>(value: T) => n.map(() => value);
  const json = (i: number) =>
    JSON.stringify({ firstName: `Given${i}`, lastName: `Sur${i}`, email: emails[0] });
  await db.transaction().execute(async (trx) => {
    await sql`insert into employees (id, first_name, last_name, email, department, location, time_zone)
      select * from unnest(${ids}::uuid[], ${n.map((i) => `Given${i}`)}::text[], ${n.map((i) => `Sur${i}`)}::text[],
        ${emails}::text[], ${rep('Ops')}::text[], ${rep('HQ')}::text[], ${rep('UTC')}::text[])
      on conflict (id) do nothing`.execute(trx);
    await sql`insert into logins (employee_id, username, role, modules)
      select e, u, 'Technician', '{tickets}' from unnest(${ids}::uuid[], ${n.map((i) => `raw${i}`)}::text[]) as v(e, u)
      on conflict do nothing`.execute(trx);
    await sql`insert into links (connection_id, object_id, kind, record_id, last_observed_at, fingerprint)
      select ${connectionId}, o, 'employee', r, now(), 'v1:{"scope":"in"}' from unnest(${objects}::text[], ${ids}::uuid[]) as v(o, r)
      on conflict (connection_id, object_id) do update set record_id = excluded.record_id`.execute(trx);
    const audit = [...ids, ...ids, ...ids];
    await sql`insert into audit_log (actor, connection_id, object_id, record_kind, record_id, rule_id, action, reason, after)
      select 'sync', ${connectionId}, 'raw', 'employee', r, 1, 'create', ${REASON}, ${json(0)}::jsonb
      from unnest(${audit}::uuid[]) as r`.execute(trx);
    await sql`insert into outbox (topic, payload)
      select 'employee.created', jsonb_build_object('recordId', r, 'changes', ${json(0)}::jsonb)
      from unnest(${[...ids, ...ids]}::uuid[]) as r`.execute(trx);
    await sql`insert into directory_users (connection_id, object_id, fields, deleted, observed_at)
      select ${connectionId}, o, ${json(0)}::jsonb, false, now() from unnest(${objects}::text[]) as o
      on conflict (connection_id, object_id) do update set fields = excluded.fields`.execute(trx);
    await sql`insert into directory_group_members (connection_id, group_id, member_id, nested)
      select ${connectionId}, g, o, false from unnest(${[...objects, ...objects]}::text[],
        ${[...rep('group-1'), ...rep('group-12')]}::text[]) as v(o, g)
      on conflict do nothing`.execute(trx);
  });
  return size * 11;
}

/** Rows/s and users/s-equivalent of the bare writes, in chunks of `size` users. */
export async function rawUpsertRate(
  db: Db,
  connectionId: string,
  users: number,
  size = 1000,
): Promise<RawResult> {
  const started = performance.now();
  let rows = 0;
  for (let from = 0; from < users; from += size)
    rows += await chunk(db, connectionId, from, Math.min(size, users - from));
  return { users, rows, seconds: (performance.now() - started) / 1000 };
}
