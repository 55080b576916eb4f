import { type Kysely, sql } from 'kysely';
import { applyInBatches } from '../apply/apply-in-batches';
import { lockWindow, observationFromJson } from '../apply/removal-window';
import type { Database } from '../tables/database';
import type { ConfirmationStatus } from '../tables/removal-guard.table';
import { insertAuditEntries } from './audit.repository';
import { type Confirmation, getConfirmation } from './confirmation.repository';

export type ConfirmationDecision =
  | { kind: 'decided'; confirmation: Confirmation; applied: number }
  | { kind: 'not-found' }
  | { kind: 'not-pending'; status: ConfirmationStatus }
  | { kind: 'count-changed'; seen: number; count: number };

export interface DecideConfirmation {
  id: string;
  decision: 'approve' | 'reject';
  /** the number of people the operator saw */
  count: number;
  /** who decided, for the audit log */
  actor: string;
}

/**
 * S8: an operator approves (the held removals are applied, M4) or rejects (access stays, M5) what they saw:
 * under the window lock the count must still be the one they name, or nothing is decided. An approval whose
 * apply was cut short resumes when approved again with the same count.
 */
export async function decideConfirmation(
  db: Kysely<Database>,
  request: DecideConfirmation,
): Promise<ConfirmationDecision> {
  const found = await db
    .selectFrom('removal_confirmations')
    .select(['connection_id', 'status', 'decided_count'])
    .where('id', '=', request.id)
    .executeTakeFirst();
  if (!found) return { kind: 'not-found' };
  const resumes =
    found.status === 'approved' && request.decision === 'approve' && found.decided_count === request.count;
  if (found.status !== 'pending' && !resumes) return { kind: 'not-pending', status: found.status };
  if (!resumes) {
    const outcome = await db.transaction().execute(async (trx) => {
      await lockWindow(trx, found.connection_id);
      const { count } = await trx
        .selectFrom('held_removals')
        .select(sql<number>`count(*)::int`.as('count'))
        .where('confirmation_id', '=', request.id)
        .executeTakeFirstOrThrow();
      const status = await trx
        .selectFrom('removal_confirmations')
        .select('status')
        .where('id', '=', request.id)
        .executeTakeFirstOrThrow();
      if (status.status !== 'pending') return { kind: 'not-pending' as const, status: status.status };
      if (count !== request.count) return { kind: 'count-changed' as const, seen: request.count, count };
      await trx
        .updateTable('removal_confirmations')
        .set({
          status: request.decision === 'approve' ? 'approved' : 'rejected',
          decided_at: sql`now()`,
          decided_by: request.actor,
          decided_count: count,
        })
        .where('id', '=', request.id)
        .execute();
      await insertAuditEntries(trx, [
        {
          actor: request.actor,
          connectionId: found.connection_id,
          objectId: null,
          recordKind: null,
          recordId: null,
          ruleId: null,
          action: request.decision === 'approve' ? 'confirmation.approved' : 'confirmation.rejected',
          reason:
            request.decision === 'approve'
              ? `S8 ${request.actor} approved removing access from the ${count} people confirmation ${request.id} held`
              : `S8 ${request.actor} rejected confirmation ${request.id}: the ${count} people it held keep their access until the directory changes them`,
          before: null,
          after: { confirmationId: request.id, count },
        },
      ]);
      return null;
    });
    if (outcome) return outcome;
  }
  const applied = request.decision === 'approve' ? await applyApproved(db, request.id, request.actor) : 0;
  const confirmation = await getConfirmation(db, request.id);
  return { kind: 'decided', confirmation: confirmation as Confirmation, applied };
}

/** The held observations not applied yet, through the apply step as confirmed removals. */
async function applyApproved(db: Kysely<Database>, id: string, actor: string): Promise<number> {
  const rows = await db
    .selectFrom('held_removals')
    .select(['connection_id', 'observation'])
    .where('confirmation_id', '=', id)
    .where('applied_at', 'is', null)
    .orderBy('held_at')
    .execute();
  const connectionId = rows[0]?.connection_id;
  if (!connectionId) return 0;
  await applyInBatches(db, {
    connectionId,
    users: rows.map((r) => ({ observation: observationFromJson(r.observation), trigger: 'change' as const })),
    actor: `${actor} (confirmation ${id})`,
    removals: { mode: 'approved', confirmationId: id },
    retain: false,
  });
  return rows.length;
}
