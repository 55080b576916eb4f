import {
  applyInBatches,
  type UserToApply,
  insertAuditEntries,
  listLinks,
  listRules,
  updateConnection,
  updateSyncRun,
} from '@entra-sync/db';
import {
  checkMassDeactivation,
  removesAccess,
  type DirectoryObservation,
  type MappingRule,
} from '@entra-sync/domain';
import type { JobData } from '@entra-sync/queues';
import { scrubSecrets } from '@entra-sync/telemetry';
import type { JobContext, Processor } from '../deps';
import { PermanentJobError } from '../job-errors';
import { observeUser } from '../observe-user';
import { runPool } from '../run-pool';
import { waitForPostgres } from '../postgres-wait';
import { readScope } from '../scope-reader';
import type { ScopeStore } from '../scope-store';
import { emptyCounts, tally } from '../sync-counts';
import { withConnection } from '../with-connection';

/** Parallel Graph reads of users the scope read did not return. */
const OBSERVE_CONCURRENCY = 8;
/**
 * Users per apply transaction and transactions in flight (packages/db applyUsers): two let Node plan one
 * batch while Postgres writes the other; each batch holds about three advisory locks per user.
 */
const APPLY_BATCH_SIZE = 500;
const APPLY_BATCHES_IN_FLIGHT = 2;
const PROGRESS_EVERY_MS = 1000;

/**
 * "Sync" (S8): every in-scope user is re-applied (reconcile trigger), and users that were synced but are no
 * longer in scope are handled by S5. Stops for confirmation before removing access from more than the
 * configured share of the connection's synced users.
 */
export const fullSync: Processor<JobData<'fullSync', 'sync.run'>> = async (data, ctx) => {
  const { db } = ctx.deps;
  await updateSyncRun(db, data.runId, { status: 'running', error: null });
  try {
    return await withConnection(ctx, data.connectionId, (_connection, client) =>
      syncConnection(ctx, data, (id) => observeUser(client, id, ctx.deps.observationTime), client),
    );
  } catch (err) {
    const final =
      err instanceof PermanentJobError || ctx.job.attemptsMade + 1 >= (ctx.job.opts.attempts ?? 1);
    // a run held up by Postgres is not over: the job waits for it (F1)
    const waits = waitForPostgres(err, ctx.job, ctx.deps.now().getTime()) !== null;
    if (final && !waits && err instanceof Error && err.name !== 'WaitError') {
      await updateSyncRun(db, data.runId, {
        status: 'failed',
        finishedAt: ctx.deps.now(),
        error: scrubSecrets(err.message).slice(0, 1000),
      });
    }
    throw err;
  }
};

async function syncConnection(
  ctx: JobContext,
  data: JobData<'fullSync', 'sync.run'>,
  observe: (objectId: string) => Promise<DirectoryObservation>,
  client: Parameters<typeof readScope>[0],
) {
  const { db, now, env } = ctx.deps;
  const { connectionId, runId } = data;
  const rules = await listRules(db, connectionId);
  const { inScope, missing, removals, synced } = await readDirectory(
    ctx,
    connectionId,
    rules,
    client,
    observe,
  );
  const guard = checkMassDeactivation(removals, synced, env.SYNC_MAX_DEACTIVATION_SHARE);
  if (guard.exceeded && !data.confirmDeactivations) {
    const reason =
      `S8 safety stop: this sync would remove access from ${guard.removals} of ${guard.synced} synced users ` +
      `(${Math.round(guard.share * 100)} %, limit ${Math.round(env.SYNC_MAX_DEACTIVATION_SHARE * 100)} %). ` +
      'Nothing was written; confirm the run to proceed.';
    await insertAuditEntries(db, [
      {
        actor: `sync:full-sync:${runId}`,
        connectionId,
        objectId: null,
        recordKind: null,
        recordId: null,
        ruleId: null,
        action: 'sync.awaiting_confirmation',
        reason,
        before: null,
        after: { removals: guard.removals, synced: guard.synced },
      },
    ]);
    await updateSyncRun(db, runId, {
      status: 'awaiting_confirmation',
      counts: { total: inScope.size + missing.length, removals: guard.removals, synced: guard.synced },
      error: reason,
    });
    return { awaitingConfirmation: true, removals: guard.removals, synced: guard.synced };
  }

  const counts = emptyCounts(inScope.size + missing.length);
  let lastProgress = Date.now();
  await applyInBatches(db, {
    connectionId,
    users: toApply(inScope, missing),
    actor: `sync:full-sync:${runId}`,
    batchSize: APPLY_BATCH_SIZE,
    inFlight: APPLY_BATCHES_IN_FLIGHT,
    retain: false, // progress is tallied per batch; keeping 100k plans would only cost memory
    onBatch: async (applied) => {
      for (const { plan } of applied) tally(counts, plan);
      if (Date.now() - lastProgress >= PROGRESS_EVERY_MS) {
        lastProgress = Date.now();
        await updateSyncRun(db, runId, { counts: { ...counts } });
        await ctx.job.updateProgress(Math.round((counts.processed / Math.max(1, counts.total)) * 100));
      }
    },
  });
  const finishedAt = now();
  await updateSyncRun(db, runId, { status: 'succeeded', counts, finishedAt });
  await updateConnection(db, ctx.deps.box, connectionId, {
    lastSyncAt: finishedAt,
    status: 'connected',
    lastError: null,
  });
  return counts;
}

/**
 * The scope, the synced users it did not return (deleted, or out of every rule group: S5) and what the S8 guard
 * needs. The connection's links are dropped here, before anything is applied.
 */
async function readDirectory(
  ctx: JobContext,
  connectionId: string,
  rules: readonly MappingRule[],
  client: Parameters<typeof readScope>[0],
  observe: (objectId: string) => Promise<DirectoryObservation>,
) {
  const inScope = await readScope(client, rules, await ctx.deps.observationTime());
  const links = await listLinks(ctx.deps.db, connectionId);
  let removals = 0;
  const missing: DirectoryObservation[] = [];
  const unseen = links.filter((link) => !inScope.has(link.objectId));
  await runPool(unseen, OBSERVE_CONCURRENCY, async (link) => {
    const observation = await observe(link.objectId);
    missing.push(observation);
    if (removesAccess(observation, link, rules)) removals += 1;
  });
  // only users with an in-scope link can lose access, so the scope's others are not built for the guard
  for (const link of links) {
    const observation = link.inScope ? inScope.get(link.objectId) : null;
    if (observation && removesAccess(observation, link, rules)) removals += 1;
  }
  return { inScope, missing, removals, synced: links.filter((link) => link.inScope).length };
}

/** The scope in read order, then the missing users; each observation is built as its batch is taken. */
function* toApply(inScope: ScopeStore, missing: readonly DirectoryObservation[]): Generator<UserToApply> {
  for (const observation of inScope.observations()) yield { observation, trigger: 'reconcile' };
  for (const observation of missing) yield { observation, trigger: 'reconcile' };
}
