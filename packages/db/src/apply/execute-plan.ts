import type { Kysely } from 'kysely';
import type { Plan } from '@entra-sync/domain';
import { upsertLink } from '../repositories/link.repository';
import type { Database } from '../tables/database';
import { AuditJournal } from './audit-journal';
import { executeOp } from './execute-op';
import type { LoadedUser } from './load-plan-input';
import { RecordState } from './record-state';

export interface ExecuteResult {
  /** the record the directory user is linked to after the plan, if any */
  recordId: string | null;
  /** whether a record or link was written (audit notes and the observation time do not count) */
  changed: boolean;
}

/**
 * Runs a plan inside the caller's transaction (which holds the user's locks): every op in order, the
 * link (its observation time even when nothing else changed, S4.5), then audit entries and outbox events.
 */
export async function executePlan(
  db: Kysely<Database>,
  loaded: LoadedUser,
  plan: Plan,
  actor: string,
): Promise<ExecuteResult> {
  const linked = loaded.input.link?.record.id ?? null;
  if (plan.outcome === 'stale') return { recordId: linked, changed: false };

  const state = new RecordState(loaded.records);
  const journal = new AuditJournal(plan, actor);
  for (const op of plan.ops) await executeOp(db, op, state, journal);

  let recordId: string | null = linked;
  if (plan.link) {
    recordId = plan.link.record.id ?? state.createdId;
    if (recordId === null) throw new Error(`plan links ${plan.objectId} to a record it never created`);
    await upsertLink(db, {
      connectionId: plan.connectionId,
      objectId: plan.objectId,
      kind: plan.link.record.kind,
      recordId,
      lastObservedAt: plan.observedAt,
      fingerprint: plan.fingerprint,
      inScope: plan.link.inScope,
    });
  }
  await journal.flush(db);
  return { recordId, changed: journal.changed };
}
