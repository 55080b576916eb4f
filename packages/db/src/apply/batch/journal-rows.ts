import { type Kysely, sql } from 'kysely';
import type { Plan } from '@entra-sync/domain';
import type { Database } from '../../tables/database';
import type { JournalEntry } from '../audit-journal';

const NOTES = new Set(['conflict', 'error']);
const noteKey = (e: { action: string; reason: string }) => `${e.action}\n${e.reason}`;
const json = (value: Record<string, unknown> | null) => (value === null ? null : JSON.stringify(value));

export const isNote = (entry: JournalEntry): boolean => NOTES.has(entry.action);

export interface AppliedPlan {
  plan: Plan;
  entries: JournalEntry[];
}

/**
 * D18 for many users in one query: the notes of each user's previous apply (its newest transaction in
 * the log). A batch holds each object id once, so the log before the batch is what a single apply sees.
 */
async function previousNotes(
  db: Kysely<Database>,
  connectionId: string,
  objectIds: readonly string[],
): Promise<Set<string>> {
  if (objectIds.length === 0) return new Set();
  const { rows } = await sql<{ object_id: string; action: string; reason: string }>`
    select a.object_id, a.action, a.reason
    from unnest(${objectIds}::text[]) as o(id)
    cross join lateral (
      select xid from audit_log where connection_id = ${connectionId} and object_id = o.id
      order by id desc limit 1) as newest
    join audit_log a on a.object_id = o.id and a.connection_id = ${connectionId} and a.xid = newest.xid
    where a.action = any(${[...NOTES]}::text[])`.execute(db);
  return new Set(rows.map((r) => `${r.object_id}\n${noteKey(r)}`));
}

/** S4.4 / D18: drops notes the user's previous apply already logged. */
export async function withoutRepeatedNotes(
  db: Kysely<Database>,
  connectionId: string,
  applied: readonly AppliedPlan[],
): Promise<AppliedPlan[]> {
  const noted = applied.filter((a) => a.entries.some(isNote)).map((a) => a.plan.objectId);
  const logged = await previousNotes(db, connectionId, noted);
  return applied.map(({ plan, entries }) => ({
    plan,
    entries: entries.filter((e) => !isNote(e) || !logged.has(`${plan.objectId}\n${noteKey(e)}`)),
  }));
}

/** S6.4 audit rows and S9 outbox events of the whole batch, each in one INSERT, in plan order. */
export async function insertJournal(
  db: Kysely<Database>,
  actor: string,
  applied: readonly AppliedPlan[],
): Promise<void> {
  const audit = applied.flatMap(({ plan, entries }) => entries.map((e) => ({ plan, e })));
  if (audit.length > 0) {
    await sql`insert into audit_log
        (actor, connection_id, object_id, record_kind, record_id, rule_id, action, reason, before, after)
      select ${actor}, connection_id, object_id, record_kind, record_id, rule_id, action, reason,
             before::jsonb, after::jsonb
      from unnest(${audit.map((a) => a.plan.connectionId)}::uuid[], ${audit.map((a) => a.plan.objectId)}::text[],
        ${audit.map((a) => a.e.record?.kind ?? null)}::text[], ${audit.map((a) => a.e.record?.id ?? null)}::uuid[],
        ${audit.map((a) => a.plan.winningRuleId)}::bigint[], ${audit.map((a) => a.e.action)}::text[],
        ${audit.map((a) => a.e.reason)}::text[], ${audit.map((a) => json(a.e.before))}::text[],
        ${audit.map((a) => json(a.e.after))}::text[])
        as v(connection_id, object_id, record_kind, record_id, rule_id, action, reason, before, after)`.execute(
      db,
    );
  }
  const events = audit.flatMap(({ plan, e }) =>
    e.event && e.record
      ? [
          {
            topic: `${e.record.kind}.${e.event}`,
            payload: JSON.stringify({
              kind: e.record.kind,
              recordId: e.record.id,
              connectionId: plan.connectionId,
              objectId: plan.objectId,
              action: e.action,
              changes: e.after,
            }),
          },
        ]
      : [],
  );
  if (events.length > 0) {
    await sql`insert into outbox (topic, payload)
      select topic, payload::jsonb
      from unnest(${events.map((e) => e.topic)}::text[], ${events.map((e) => e.payload)}::text[]) as v(topic, payload)`.execute(
      db,
    );
  }
}
