import { type Kysely, sql } from 'kysely';
import { type Effect, OP_KINDS, type Plan } from '@entra-sync/domain';
import type { Database } from '../tables/database';
import { recordset } from './json-recordset';

/** conflicts and errors: audit entries of ops that write nothing */
const NOTES = Object.entries(OP_KINDS).flatMap(([action, kind]) => (kind.writes ? [] : [action]));
const noteKey = (e: { action: string; reason: string }) => `${e.action}\n${e.reason}`;

export const isNote = (entry: Effect): boolean => !OP_KINDS[entry.action].writes;

export interface AppliedPlan {
  plan: Plan;
  entries: Effect[];
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
    where a.action = any(${NOTES}::text[])`.execute(db);
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

const JOURNAL_TYPES =
  'object_id text, record_kind text, record_id text, rule_id bigint, action text, reason text, ' +
  'before jsonb, after jsonb, topic text';

/**
 * S6.4 audit rows and S9 outbox events of the whole batch in one statement, in plan order. Each entry
 * travels once: an event is an audit row with a topic, and its payload (`AuditJournal.flush`'s) is built
 * from that row — `changes` is the row's `after`. A materialized CTE is read back in the order it was
 * written, so both tables get their ids in plan order.
 */
export async function insertJournal(
  db: Kysely<Database>,
  actor: string,
  applied: readonly AppliedPlan[],
): Promise<void> {
  const rows: object[] = [];
  for (const { plan, entries } of applied) {
    for (const e of entries) {
      const record = e.record;
      rows.push({
        object_id: plan.objectId,
        record_kind: record?.kind ?? null,
        record_id: record?.id ?? null,
        rule_id: plan.winningRuleId,
        action: e.action,
        reason: e.reason,
        before: e.before,
        after: e.after,
        topic: e.event && record ? `${record.kind}.${e.event}` : null,
      });
    }
  }
  const connectionId = applied[0]?.plan.connectionId ?? null;
  if (rows.length === 0) return;
  await sql`
    with j as materialized (select * from ${recordset(rows, JOURNAL_TYPES)}),
    audit as (
      insert into audit_log
        (actor, connection_id, object_id, record_kind, record_id, rule_id, action, reason, before, after)
      select ${actor}, ${connectionId}::uuid, object_id, record_kind, record_id::uuid, rule_id, action, reason,
        before, after
      from j
    )
    insert into outbox (topic, payload)
    select topic, jsonb_build_object('kind', record_kind, 'recordId', record_id,
      'connectionId', ${connectionId}::text, 'objectId', object_id, 'action', action, 'changes', after)
    from j where topic is not null`.execute(db);
}
