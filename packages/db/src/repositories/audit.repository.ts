import type { Kysely, Selectable } from 'kysely';
import type { RecordKind } from '@entra-sync/domain';
import type { AuditLogTable } from '../tables/audit-log.table';
import type { Database } from '../tables/database';

export interface AuditEntryInput {
  actor: string;
  connectionId: string | null;
  objectId: string | null;
  recordKind: RecordKind | null;
  recordId: string | null;
  ruleId: number | null;
  action: string;
  reason: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface AuditEntry extends AuditEntryInput {
  id: number;
  at: Date;
}

const toEntry = (row: Selectable<AuditLogTable>): AuditEntry => ({
  id: Number(row.id),
  at: row.at,
  actor: row.actor,
  connectionId: row.connection_id,
  objectId: row.object_id,
  recordKind: row.record_kind,
  recordId: row.record_id,
  ruleId: row.rule_id === null ? null : Number(row.rule_id),
  action: row.action,
  reason: row.reason,
  before: row.before,
  after: row.after,
});

const json = (value: Record<string, unknown> | null) => (value === null ? null : JSON.stringify(value));

export async function insertAuditEntries(
  db: Kysely<Database>,
  entries: readonly AuditEntryInput[],
): Promise<void> {
  if (entries.length === 0) return;
  await db
    .insertInto('audit_log')
    .values(
      entries.map((e) => ({
        actor: e.actor,
        connection_id: e.connectionId,
        object_id: e.objectId,
        record_kind: e.recordKind,
        record_id: e.recordId,
        rule_id: e.ruleId,
        action: e.action,
        reason: e.reason,
        before: json(e.before),
        after: json(e.after),
      })),
    )
    .execute();
}

export interface AuditQuery {
  connectionId?: string;
  objectId?: string;
  recordId?: string;
  /** entries older than this id (paging) */
  beforeId?: number;
  limit?: number;
}

/** GET /api/audit: newest first. */
export async function listAuditEntries(db: Kysely<Database>, query: AuditQuery = {}): Promise<AuditEntry[]> {
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .$if(query.connectionId !== undefined, (qb) => qb.where('connection_id', '=', query.connectionId ?? null))
    .$if(query.objectId !== undefined, (qb) => qb.where('object_id', '=', query.objectId ?? null))
    .$if(query.recordId !== undefined, (qb) => qb.where('record_id', '=', query.recordId ?? null))
    .$if(query.beforeId !== undefined, (qb) => qb.where('id', '<', String(query.beforeId)))
    .orderBy('id', 'desc')
    .limit(query.limit ?? 100)
    .execute();
  return rows.map(toEntry);
}
