import {
  applyInBatches,
  checkRunRemovals,
  linkedRecordAccess,
  type UserToApply,
  listLinks,
  listRules,
  updateConnection,
  updateSyncRun,
} from '@entra-sync/db';
import {
  removalOf,
  removesAccess,
  type DirectoryObservation,
  type Link,
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
import { emptyCounts, type SyncCounts, tally } from '../sync-counts';
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
 * longer in scope are handled by S5. Removing access from more than the configured share of the connection's
 * synced users within the window waits for a confirmation; everything else is applied.
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
  const { inScope, missing, removals } = await readDirectory(ctx, connectionId, rules, client, observe);
  const settings = {
    maxShare: env.SYNC_MAX_DEACTIVATION_SHARE,
    windowSeconds: env.SYNC_DEACTIVATION_WINDOW_SECONDS,
  };
  const source = data.cause === 'manual' ? 'full-sync' : data.cause;
  // S8 (M3): the run's removals are weighed together first; above the limit every one of them is held
  const check = await checkRunRemovals(db, { connectionId, runId, source, removals, settings });

  const counts: SyncCounts = emptyCounts(inScope.size + missing.length);
  let lastProgress = Date.now();
  await applyInBatches(db, {
    connectionId,
    users: toApply(inScope, missing),
    actor: `sync:full-sync:${runId}`,
    batchSize: APPLY_BATCH_SIZE,
    inFlight: APPLY_BATCHES_IN_FLIGHT,
    retain: false, // progress is tallied per batch; keeping 100k plans would only cost memory
    removals: { mode: 'window', settings, source, runId },
    onBatch: async (applied) => {
      for (const user of applied) tally(counts, user);
      if (Date.now() - lastProgress >= PROGRESS_EVERY_MS) {
        lastProgress = Date.now();
        await updateSyncRun(db, runId, { counts: { ...counts } });
        await ctx.job.updateProgress(Math.round((counts.processed / Math.max(1, counts.total)) * 100));
      }
    },
  });
  const finishedAt = now();
  if (counts.held > 0) {
    const reason =
      `S8 safety stop: this sync would remove access from ${check.removals} of ${check.synced} synced users ` +
      `within the window (${Math.round(check.share * 100)} %, limit ${Math.round(settings.maxShare * 100)} %). ` +
      `Everything else was applied; the ${counts.held} removals wait in ` +
      (check.confirmationId
        ? `confirmation ${check.confirmationId}.`
        : "the connection's pending confirmation.");
    await updateSyncRun(db, runId, { status: 'awaiting_confirmation', counts, finishedAt, error: reason });
  } else {
    await updateSyncRun(db, runId, { status: 'succeeded', counts, finishedAt });
  }
  await updateConnection(db, ctx.deps.box, connectionId, {
    lastSyncAt: finishedAt,
    status: 'connected',
    lastError: null,
  });
  return { ...counts, confirmationId: check.confirmationId };
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
  const candidates: { link: Link; observation: DirectoryObservation }[] = [];
  const missing: DirectoryObservation[] = [];
  const unseen = links.filter((link) => !inScope.has(link.objectId));
  await runPool(unseen, OBSERVE_CONCURRENCY, async (link) => {
    const observation = await observe(link.objectId);
    missing.push(observation);
    if (removesAccess(observation, link, rules)) candidates.push({ link, observation });
  });
  // only users with an in-scope link can lose access, so the scope's others are not built for the guard
  for (const link of links) {
    const observation = link.inScope ? inScope.get(link.objectId) : null;
    if (observation && removesAccess(observation, link, rules)) candidates.push({ link, observation });
  }
  // a user already deactivated (or root) has nothing left to lose: not a removal (S8)
  const records = await linkedRecordAccess(
    ctx.deps.db,
    connectionId,
    candidates.map((c) => c.link.objectId),
  );
  const removals = candidates.flatMap(({ link, observation }) => {
    const removal = removalOf(observation, link, rules, records.get(link.objectId) ?? null);
    return removal ? [{ objectId: link.objectId, removal }] : [];
  });
  return { inScope, missing, removals };
}

/** The scope in read order, then the missing users; each observation is built as its batch is taken. */
function* toApply(inScope: ScopeStore, missing: readonly DirectoryObservation[]): Generator<UserToApply> {
  for (const observation of inScope.observations()) yield { observation, trigger: 'reconcile' };
  for (const observation of missing) yield { observation, trigger: 'reconcile' };
}
