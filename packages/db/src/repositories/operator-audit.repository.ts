import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../tables/database';
import type { OperatorAuditTable } from '../tables/operator-audit.table';

export interface OperatorActionInput {
  /** who: the signed-in operator, or `admin-token` for automation */
  actor: string;
  action: string;
  /** what it acted on (a path like `/api/connections/<id>/sync`, or `<table>/<id>`) */
  target: string;
  /** never secrets: names of changed fields, counts, ids */
  detail?: Record<string, unknown>;
  sourceAddress: string;
  /** defaults: `POST` and 200, for actions that did not come through HTTP (a CLI command on the database) */
  method?: string;
  status?: number;
}

export interface OperatorAction {
  id: number;
  at: Date;
  actor: string;
  action: string;
  method: string;
  target: string;
  status: number;
  sourceAddress: string;
  detail: Record<string, unknown>;
}

const toAction = (row: Selectable<OperatorAuditTable>): OperatorAction => ({
  id: Number(row.id),
  at: row.at,
  actor: row.actor,
  action: row.action,
  method: row.method,
  target: row.target,
  status: row.status,
  sourceAddress: row.source_address,
  detail: row.detail,
});

/** X3: one line for any operator action; the admin API's routes are audited by its hook, others call this. */
export async function recordOperatorAction(db: Kysely<Database>, input: OperatorActionInput): Promise<void> {
  await db
    .insertInto('operator_audit')
    .values({
      actor: input.actor,
      action: input.action,
      method: input.method ?? 'POST',
      target: input.target,
      status: input.status ?? 200,
      source_address: input.sourceAddress,
      detail: JSON.stringify(input.detail ?? {}),
    })
    .execute();
}

export interface OperatorAuditQuery {
  action?: string;
  actor?: string;
  since?: Date;
  /** entries older than this id (paging) */
  beforeId?: number;
  limit?: number;
}

/** GET /api/operator-audit: newest first. */
export async function listOperatorActions(
  db: Kysely<Database>,
  query: OperatorAuditQuery = {},
): Promise<OperatorAction[]> {
  const rows = await db
    .selectFrom('operator_audit')
    .selectAll()
    .$if(query.action !== undefined, (qb) => qb.where('action', '=', query.action ?? ''))
    .$if(query.actor !== undefined, (qb) => qb.where('actor', '=', query.actor ?? ''))
    .$if(query.since !== undefined, (qb) => qb.where('at', '>=', query.since ?? new Date(0)))
    .$if(query.beforeId !== undefined, (qb) => qb.where('id', '<', String(query.beforeId)))
    .orderBy('id', 'desc')
    .limit(query.limit ?? 100)
    .execute();
  return rows.map(toAction);
}
