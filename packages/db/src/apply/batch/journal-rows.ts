import { type Kysely, sql } from 'kysely';
import type { Plan } from '@entra-sync/domain';
import type { Database } from '../../tables/database';
import type { JournalEntry } from '../audit-journal';
import { recordset } from './json-recordset';

const NOTES = new Set(['conflict', 'error']);
const noteKey = (e: { action: string; reason: string }) => `${e.action}\n${e.reason}`;
const AUDIT_TYPES =
  'object_id text, record_kind text, record_id uuid, rule_id bigint, action text, reason text, before jsonb, after jsonb';

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
    select o.id as object_id, a.action, a.reason
    from unnest(${objectIds}::text[]) as o(id)
    cross join lateral (
      select xid from audit_log where connection_id = ${connectionId} and object_id = o.id
      order by id desc limit 1) as newest
    cross join lateral (
      select action, reason from audit_log a
      where a.object_id = o.id and a.connection_id = ${connectionId} and a.xid = newest.xid offset 0) as a
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
  const audit: object[] = [];
  const events: object[] = [];
  for (const { plan, entries } of applied) {
    for (const e of entries) {
      const record = e.record;
      audit.push({
        object_id: plan.objectId,
        record_kind: record?.kind ?? null,
        record_id: record?.id ?? null,
        rule_id: plan.winningRuleId,
        action: e.action,
        reason: e.reason,
        before: e.before,
        after: e.after,
      });
      if (!e.event || !record) continue;
      events.push({
        topic: `${record.kind}.${e.event}`,
        payload: {
          kind: record.kind,
          recordId: record.id,
          connectionId: plan.connectionId,
          objectId: plan.objectId,
          action: e.action,
          changes: e.after,
        },
      });
    }
  }
  const connectionId = applied[0]?.plan.connectionId ?? null;
  if (audit.length > 0) {
    await sql`insert into audit_log
        (actor, connection_id, object_id, record_kind, record_id, rule_id, action, reason, before, after)
      select ${actor}, ${connectionId}::uuid, object_id, record_kind, record_id, rule_id, action, reason, before, after
      from ${recordset(audit, AUDIT_TYPES)}`.execute(db);
  }
  if (events.length > 0) {
    await sql`insert into outbox (topic, payload)
      select topic, payload from ${recordset(events, 'topic text, payload jsonb')}`.execute(db);
  }
}
