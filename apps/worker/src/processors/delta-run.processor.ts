import {
  createSyncRun,
  hasQueuedSyncRun,
  getDeltaLink,
  knownObjectIds,
  listMirroredGroupMembers,
  listRules,
  saveDeltaLink,
} from '@entra-sync/db';
import {
  DeltaTokenExpired,
  UntrustedLinkError,
  groupsDelta,
  usersDelta,
  type DeltaPage,
  type GraphClient,
  type GroupDeltaItem as GroupItem,
  type UserDeltaItem as UserItem,
} from '@entra-sync/graph';
import type { JobData } from '@entra-sync/queues';
import type { JobContext, Processor } from '../deps';
import { fanOutUsers } from '../fan-out';
import { patientPages } from '../throttle-patience';
import { withConnection } from '../with-connection';

type Resource = 'users' | 'groups';

/**
 * The delta backstop (S4.1): notifications may be late or lost, so every DELTA_INTERVAL_SECONDS each connection
 * reads what changed since its stored deltaLink and fans out user jobs. A round without a stored link (first
 * run, or Graph rejected the token) only establishes the baseline, then asks for a full sync, which reads after
 * the baseline, so nothing between the two is missed.
 */
export const deltaRun: Processor<JobData<'delta', 'delta.run'>> = async (data, ctx) =>
  withConnection(ctx, data.connectionId, async (_connection, client) => {
    const groups = await readDelta(ctx, client, data.connectionId, 'groups');
    const users = await readDelta(ctx, client, data.connectionId, 'users');
    if ((groups.baseline || users.baseline) && !(await hasQueuedSyncRun(ctx.deps.db, data.connectionId))) {
      const run = await createSyncRun(ctx.deps.db, data.connectionId);
      await ctx.deps.producer.add('fullSync', 'sync.run', {
        connectionId: data.connectionId,
        runId: run.id,
        cause: 'baseline',
      });
      ctx.log.info(
        { connectionId: data.connectionId, runId: run.id },
        'delta baseline set; full sync queued',
      );
    }
    return {
      groupsQueued: groups.queued,
      usersQueued: users.queued,
      baseline: groups.baseline || users.baseline,
    };
  });

async function readDelta(ctx: JobContext, client: GraphClient, connectionId: string, resource: Resource) {
  const { db } = ctx.deps;
  const stored = await getDeltaLink(db, connectionId, resource);
  try {
    return await walk(ctx, client, connectionId, resource, stored);
  } catch (err) {
    // A link Graph rejects, or one from another Graph origin (GRAPH_ENDPOINT changed), cannot be resumed.
    const unusable = err instanceof DeltaTokenExpired || err instanceof UntrustedLinkError;
    if (!unusable || stored === null) throw err;
    ctx.log.warn({ connectionId, resource }, 'stored delta link unusable; starting a new baseline');
    await saveDeltaLink(db, connectionId, resource, null);
    return walk(ctx, client, connectionId, resource, null);
  }
}

async function walk(
  ctx: JobContext,
  client: GraphClient,
  connectionId: string,
  resource: Resource,
  from: string | null,
): Promise<{ baseline: boolean; queued: number }> {
  const { db } = ctx.deps;
  const baseline = from === null;
  const receivedAt = ctx.deps.now().getTime();
  let queued = 0;
  // a throttled page is waited out and read again, so a round makes progress in a 429 storm (S4.1)
  const pages: AsyncGenerator<DeltaPage<unknown>> = patientPages<DeltaPage<unknown>>(
    (cursor) => (resource === 'users' ? usersDelta(client, cursor) : groupsDelta(client, cursor)),
    from,
  );
  for await (const page of pages) {
    if (!baseline) {
      const ids =
        resource === 'users'
          ? await changedUsers(ctx, connectionId, page as DeltaPage<UserItem>)
          : await usersOfGroupChanges(ctx, connectionId, page as DeltaPage<GroupItem>);
      queued += await fanOutUsers(ctx.deps.producer, connectionId, ids, 'delta', receivedAt);
    }
    // Persist only after the page's work is done; a baseline restarts from scratch if interrupted.
    if (page.deltaLink) await saveDeltaLink(db, connectionId, resource, page.deltaLink);
    else if (!baseline && page.nextLink) await saveDeltaLink(db, connectionId, resource, page.nextLink);
  }
  return { baseline, queued };
}

/** Users we never saw are out of scope until a membership change (groups delta) brings them in. */
async function changedUsers(
  ctx: JobContext,
  connectionId: string,
  page: DeltaPage<UserItem>,
): Promise<string[]> {
  const ids = page.items.map((item) => item.id);
  const known = await knownObjectIds(ctx.deps.db, connectionId, ids);
  return ids.filter((id) => known.has(id));
}

async function usersOfGroupChanges(
  ctx: JobContext,
  connectionId: string,
  page: DeltaPage<GroupItem>,
): Promise<string[]> {
  const { db, producer } = ctx.deps;
  const rules = await listRules(db, connectionId);
  const anyTransitive = rules.some((rule) => rule.transitive);
  const ruleGroups = new Set(rules.map((rule) => rule.groupId));
  const users: string[] = [];
  for (const item of page.items) {
    if (!ruleGroups.has(item.id) && !anyTransitive) continue;
    if (item.kind === 'removed') {
      users.push(...(await listMirroredGroupMembers(db, connectionId, item.id)));
      continue;
    }
    for (const change of item.memberChanges) {
      if (change.type === 'user') users.push(change.id);
    }
    // A nested group joined or left: its users' transitive membership moved (S1.1).
    if (anyTransitive && item.memberChanges.some((change) => change.type === 'group')) {
      await producer.add('groupSync', 'group.changed', {
        connectionId,
        groupId: item.id,
        receivedAt: ctx.deps.now().getTime(),
      });
    }
  }
  return users;
}
