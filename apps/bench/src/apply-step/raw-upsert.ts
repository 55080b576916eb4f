import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { type Db, recordset } from '@entra-sync/db';

// The measured limit: what Postgres itself sustains for the rows an initial sync writes per user — record,
// login, link, 3 audit rows, 2 outbox events, mirror row, 2 memberships, with the same content and the
// same JSON transport as applyUsers — as bare multi-row INSERT … ON CONFLICT statements, one transaction
// per chunk: no locks, no loads, no planning.

export interface RawResult {
  users: number;
  rows: number;
  seconds: number;
}

const ROWS_PER_USER = 11;

async function chunk(db: Db, connectionId: string, from: number, size: number): Promise<void> {
  const users = Array.from({ length: size }, (_, k) => {
    const i = from + k;
    const id = randomUUID();
    const objectId = `raw-${i}`;
    const fields = {
      firstName: `Given${i}`,
      lastName: `Sur${i}`,
      email: `raw${i}@bench.example`,
      officePhone: `+1 555 ${i}`,
      mobilePhone: null,
      jobTitle: 'Engineer',
      department: 'Service Desk',
      location: 'HQ',
      timeZone: 'UTC',
    };
    return { i, id, objectId, fields };
  });
  const reason = (u: (typeof users)[number], what: string) =>
    `S3.2 ${what} for directory user ${u.objectId} of connection ${connectionId}: employee ${u.id} (rule #1)`;
  await db.transaction().execute(async (trx) => {
    await sql`insert into employees (id, first_name, last_name, email, office_phone, department, location, time_zone)
      select id, first_name, last_name, email, office_phone, department, location, time_zone
      from ${recordset(
        users.map((u) => ({
          id: u.id,
          first_name: u.fields.firstName,
          last_name: u.fields.lastName,
          email: u.fields.email,
          office_phone: u.fields.officePhone,
          department: u.fields.department,
          location: u.fields.location,
          time_zone: u.fields.timeZone,
        })),
        'id uuid, first_name text, last_name text, email text, office_phone text, department text, location text, time_zone text',
      )}`.execute(trx);
    await sql`insert into logins (employee_id, username, enabled, role, modules)
      select employee_id, username, true, 'Technician', modules
      from ${recordset(
        users.map((u) => ({ employee_id: u.id, username: `raw${u.i}`, modules: ['tickets'] })),
        'employee_id uuid, username text, modules text[]',
      )}
      on conflict do nothing`.execute(trx);
    await sql`insert into links (connection_id, object_id, kind, record_id, last_observed_at, fingerprint)
      select ${connectionId}, object_id, 'employee', record_id, now(), fingerprint
      from ${recordset(
        users.map((u) => ({
          object_id: u.objectId,
          record_id: u.id,
          fingerprint: `v1:${JSON.stringify(u.fields)}`,
        })),
        'object_id text, record_id uuid, fingerprint text',
      )}
      on conflict (connection_id, object_id) do update set record_id = excluded.record_id`.execute(trx);
    const audit = users.flatMap((u) =>
      ['create', 'setAccess', 'link'].map((action) => ({
        object_id: u.objectId,
        record_id: u.id,
        action,
        reason: reason(u, action),
        after: u.fields,
      })),
    );
    await sql`insert into audit_log (actor, connection_id, object_id, record_kind, record_id, rule_id, action, reason, after)
      select 'sync', ${connectionId}::uuid, object_id, 'employee', record_id, 1, action, reason, after
      from ${recordset(audit, 'object_id text, record_id uuid, action text, reason text, after jsonb')}`.execute(
      trx,
    );
    const events = users.flatMap((u) =>
      ['employee.created', 'employee.access_changed'].map((topic) => ({
        topic,
        payload: { kind: 'employee', recordId: u.id, connectionId, objectId: u.objectId, changes: u.fields },
      })),
    );
    await sql`insert into outbox (topic, payload)
      select topic, payload from ${recordset(events, 'topic text, payload jsonb')}`.execute(trx);
    await sql`insert into directory_users (connection_id, object_id, fields, deleted, observed_at)
      select ${connectionId}, object_id, fields, false, now()
      from ${recordset(
        users.map((u) => ({ object_id: u.objectId, fields: u.fields })),
        'object_id text, fields jsonb',
      )}
      on conflict (connection_id, object_id) do update set fields = excluded.fields`.execute(trx);
    await sql`insert into directory_group_members (connection_id, group_id, member_id, nested)
      select ${connectionId}, group_id, member_id, false
      from ${recordset(
        users.flatMap((u) => [
          { member_id: u.objectId, group_id: 'group-1' },
          { member_id: u.objectId, group_id: 'group-12' },
        ]),
        'member_id text, group_id text',
      )}
      on conflict do nothing`.execute(trx);
  });
}

/** Rows/s and users/s-equivalent of the bare writes, in chunks of `size` users, `streams` at a time. */
export async function rawUpsertRate(
  db: Db,
  connectionId: string,
  users: number,
  options: { size?: number; streams?: number } = {},
): Promise<RawResult> {
  const { size = 500, streams = 1 } = options;
  const started = performance.now();
  let next = 0;
  const stream = async () => {
    for (let from = next; from < users; from = next) {
      next += size;
      await chunk(db, connectionId, from, Math.min(size, users - from));
    }
  };
  await Promise.all(Array.from({ length: streams }, stream));
  return { users, rows: users * ROWS_PER_USER, seconds: (performance.now() - started) / 1000 };
}
