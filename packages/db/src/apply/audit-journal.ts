import { type Kysely, sql } from 'kysely';
import type { Plan, RecordKind } from '@entra-sync/domain';
import { type AuditEntryInput, insertAuditEntries } from '../repositories/audit.repository';
import { insertOutboxEvents, type OutboxEventInput } from '../repositories/outbox.repository';
import type { Database } from '../tables/database';

type Snapshot = Record<string, unknown> | null;

export interface JournalEntry {
  action: string;
  reason: string;
  record: { kind: RecordKind; id: string } | null;
  before: Snapshot;
  after: Snapshot;
  /** outbox event name (`<kind>.<event>`) when the entry is a record change (S9) */
  event?: string;
}

const NOTES = new Set(['conflict', 'error']);

/** Audit entries (S6.4) and outbox events (S9) of one apply, written together at the end. */
export class AuditJournal {
  readonly #entries: JournalEntry[] = [];

  constructor(
    private readonly plan: Plan,
    private readonly actor: string,
  ) {}

  add(entry: JournalEntry): void {
    this.#entries.push(entry);
  }

  /** true when the plan wrote something (conflicts and errors are notes, not changes) */
  get changed(): boolean {
    return this.#entries.some((e) => !NOTES.has(e.action));
  }

  async flush(db: Kysely<Database>): Promise<void> {
    const entries = await this.#withoutRepeatedNotes(db);
    const { plan } = this;
    const audit: AuditEntryInput[] = entries.map((e) => ({
      actor: this.actor,
      connectionId: plan.connectionId,
      objectId: plan.objectId,
      recordKind: e.record?.kind ?? null,
      recordId: e.record?.id ?? null,
      ruleId: plan.winningRuleId,
      action: e.action,
      reason: e.reason,
      before: e.before,
      after: e.after,
    }));
    const events: OutboxEventInput[] = entries.flatMap((e) =>
      e.event && e.record
        ? [
            {
              topic: `${e.record.kind}.${e.event}`,
              payload: {
                kind: e.record.kind,
                recordId: e.record.id,
                connectionId: plan.connectionId,
                objectId: plan.objectId,
                action: e.action,
                changes: e.after,
              },
            },
          ]
        : [],
    );
    await insertAuditEntries(db, audit);
    await insertOutboxEvents(db, events);
  }

  /**
   * S4.4: a conflict or error that persists is re-planned on every delivery; it is logged again only
   * when the previous apply of this user (its newest transaction in the log) did not log it already.
   */
  async #withoutRepeatedNotes(db: Kysely<Database>): Promise<JournalEntry[]> {
    if (!this.#entries.some((e) => NOTES.has(e.action))) return this.#entries;
    const { connectionId, objectId } = this.plan;
    const { rows } = await sql<{ action: string; reason: string }>`
      select action, reason from audit_log
      where connection_id = ${connectionId} and object_id = ${objectId} and xid = (
        select xid from audit_log where connection_id = ${connectionId} and object_id = ${objectId}
        order by id desc limit 1)`.execute(db);
    const logged = new Set(rows.map((r) => `${r.action}\n${r.reason}`));
    return this.#entries.filter((e) => !NOTES.has(e.action) || !logged.has(`${e.action}\n${e.reason}`));
  }
}
