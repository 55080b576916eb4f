import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  type DirectoryObservation,
  type Effect,
  type Plan,
  type PlanInput,
  planUser,
  type RecordWorld,
  type UserToApply,
} from '@entra-sync/domain';
import type { Database } from '../tables/database';
import { type AppliedPlan, insertJournal, isNote, withoutRepeatedNotes } from './journal-rows';
import { writeLinks } from './link-rows';
import { loadWorld } from './load-world';
import { lockKeys, lockKeysInOrder } from './locks';
import { loginChanges, writeLogins } from './login-rows';
import { mirrorDirectoryUsers } from './mirror-rows';
import { writeRecords } from './record-rows';
import { guardRemovals, type RemovalGuard, type Withheld } from './removal-guard';
import type { SyncContext } from './sync-context';

export interface AppliedUser {
  objectId: string;
  plan: Plan;
  /** the record the directory user is linked to afterwards, if any */
  recordId: string | null;
  /** whether a record or link was written (audit notes and the observation time do not count) */
  changed: boolean;
  /** what the plan did, op by op (the audit entries before D18 drops repeated notes) */
  effects: Effect[];
  /** S8: not applied — the removal waits in this pending confirmation */
  held?: string;
  /** S8: not applied — an operator rejected this removal in this confirmation; access stays */
  kept?: string;
}

export interface BatchOptions {
  /** who caused it, for the audit log; default `sync` */
  actor?: string;
  /** ids of the records the batch creates; default `randomUUID` (tests pass a deterministic one) */
  newId?: () => string;
  /** the planner; default `planUser` (tests hand in plans of their own) */
  plan?: (input: PlanInput) => Plan;
  /** S8: the sliding-window guard over removals; without it every removal is applied (tests, benches) */
  removals?: RemovalGuard;
}

type Planned = { user: UserToApply; applied: AppliedUser } | { user: UserToApply; error: Error };

/** Each user planned against the world and its effects committed there, in order (S4.5 per user). */
function planAll(
  world: RecordWorld,
  context: SyncContext,
  users: readonly UserToApply[],
  options: BatchOptions,
  keepGoing: boolean,
): Planned[] {
  const plan = options.plan ?? planUser;
  const newId = options.newId ?? randomUUID;
  return users.map((user) => {
    try {
      const planned = plan(world.planInput(context, user));
      const effects = world.apply(planned, newId);
      const changed = effects.effects.some((e) => !isNote(e));
      return {
        user,
        applied: {
          objectId: planned.objectId,
          plan: planned,
          recordId: effects.recordId,
          changed,
          effects: effects.effects,
        },
      };
    } catch (error) {
      if (!keepGoing) throw error;
      return { user, error: error instanceof Error ? error : new Error(String(error)) };
    }
  });
}

function assertDistinct(users: readonly UserToApply[]): void {
  if (new Set(users.map((u) => u.observation.objectId)).size !== users.length)
    throw new Error('apply: an object id appears twice in one batch');
}

/**
 * The apply step, for one user or many, inside the caller's transaction (READ COMMITTED): lock every key at
 * once → load every record the users can reach → plan each user against the in-memory world, which applies
 * its effects (domain `RecordWorld`) → write the final states set-based, with audit and outbox rows. Each
 * object id appears at most once (`applyUsers` splits batches that repeat one).
 */
export async function applyBatch(
  trx: Kysely<Database>,
  context: SyncContext,
  users: readonly UserToApply[],
  options: BatchOptions = {},
): Promise<AppliedUser[]> {
  assertDistinct(users);
  await lockKeysInOrder(
    trx,
    lockKeys(
      context.connectionId,
      users.map((u) => u.observation),
    ),
  );
  const world = await loadWorld(trx, context, users);
  const held = options.removals
    ? await guardRemovals(trx, context, world, users, options.removals)
    : new Map<string, Withheld>();
  const toApply = held.size === 0 ? users : users.filter((u) => !held.has(u.observation.objectId));
  const planned = planAll(world, context, toApply, options, false);
  const applied = planned.flatMap((p) => ('applied' in p ? [p.applied] : []));

  await writeWorld(
    trx,
    context.connectionId,
    world,
    applied,
    toApply.map((u) => u.observation),
    options.actor ?? 'sync',
  );
  if (held.size === 0) return applied;
  const byObject = new Map(applied.map((a) => [a.objectId, a]));
  return users.map((u) => {
    const withheld = held.get(u.observation.objectId);
    return byObject.get(u.observation.objectId) ?? heldResult(context, u, withheld as Withheld);
  });
}

/** What a held user's job reports: nothing written, the confirmation that holds (or keeps) it. */
function heldResult(
  context: SyncContext,
  user: UserToApply,
  { confirmationId, kept }: Withheld,
): AppliedUser {
  const { objectId, observedAt } = user.observation;
  const reason = kept
    ? `S8 kept: an operator rejected this removal in confirmation ${confirmationId}`
    : `S8 held: the removal waits for confirmation ${confirmationId}`;
  return {
    objectId,
    plan: {
      connectionId: context.connectionId,
      objectId,
      observedAt,
      winningRuleId: null,
      precedence: '',
      fingerprint: null,
      link: null,
      ops: [{ type: 'noop', reason }],
      outcome: 'unchanged',
    },
    recordId: null,
    changed: false,
    effects: [],
    ...(kept ? { kept: confirmationId } : { held: confirmationId }),
  };
}

/**
 * Turns what the plans did to the world into rows, set-based: created and changed records, logins, links,
 * then the audit and outbox rows of every effect (D18: minus notes the user's previous apply logged) and
 * the directory mirror of the observations.
 */
export async function writeWorld(
  trx: Kysely<Database>,
  connectionId: string,
  world: RecordWorld,
  applied: readonly Pick<AppliedUser, 'plan' | 'effects'>[],
  observations: readonly DirectoryObservation[],
  actor: string,
): Promise<void> {
  const created = world.created();
  const changed = world.changed();
  await writeRecords(trx, created, changed);
  await writeLogins(trx, loginChanges(created, changed));
  await writeLinks(trx, connectionId, world.changedLinks(), world.isNewLink);
  const journal: AppliedPlan[] = applied.map((a) => ({ plan: a.plan, entries: a.effects }));
  await insertJournal(trx, actor, await withoutRepeatedNotes(trx, connectionId, journal));
  await mirrorDirectoryUsers(trx, connectionId, observations);
}

export type DryRunUser = { observation: UserToApply['observation'] } & (
  { plan: Plan; effects: Effect[]; error: null } | { plan: null; effects: []; error: string }
);

/**
 * The same apply without locks and without writing: what a sync would do now (rules preview, explain). Later
 * users see what earlier ones would have changed (archived names, freed usernames) exactly as a sync would; a
 * user whose plan cannot be applied (a unique violation) gets its error and the others go on. One snapshot.
 */
export async function dryRunBatch(
  db: Kysely<Database>,
  context: SyncContext,
  users: readonly UserToApply[],
  options: Omit<BatchOptions, 'actor'> = {},
): Promise<DryRunUser[]> {
  assertDistinct(users);
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      const world = await loadWorld(trx, context, users);
      return planAll(world, context, users, options, true).map((p) =>
        'applied' in p
          ? { observation: p.user.observation, plan: p.applied.plan, effects: p.applied.effects, error: null }
          : { observation: p.user.observation, plan: null, effects: [], error: p.error.message },
      );
    });
}
