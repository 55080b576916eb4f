import { type PlanContext, RecordWorld } from './apply/record-world';
import type { Plan } from './plan.types';
import type { DirectoryObservation, Link, PersonRecord, PlanInput, Trigger } from './types';

/**
 * A tiny in-memory database: every record and link at once. The executable reference semantics of a plan
 * is the RecordWorld holding all of it; the db package's apply holds what a batch can reach and must end
 * in the same state. `linkedTo` is always derived from `links`.
 */
export interface World {
  records: readonly PersonRecord[];
  links: readonly Link[];
}

/** The world as a RecordWorld: every record, `linkedTo` recomputed from the links (unique by record, S3.3). */
function load(world: World): RecordWorld {
  const linkOf = new Map(world.links.map((l) => [`${l.kind}:${l.recordId}`, l]));
  const records = world.records.map((r) => {
    const link = linkOf.get(`${r.kind}:${r.id}`);
    return { ...r, linkedTo: link ? { connectionId: link.connectionId, objectId: link.objectId } : null };
  });
  for (const link of world.links) {
    if (!records.some((r) => r.kind === link.kind && r.id === link.recordId))
      throw new Error(`world: link of ${link.objectId} points to a missing ${link.kind}`);
  }
  return new RecordWorld(records, world.links);
}

/** What the planner sees of this user in the world (PlanInput's contract, every record a candidate). */
export function buildPlanInput(
  world: World,
  context: PlanContext,
  observation: DirectoryObservation,
  trigger: Trigger,
): PlanInput {
  return load(world).planInput(context, { observation, trigger });
}

/** Executes a plan against the world (unique logins and links enforced like the database's indexes). */
export function applyPlan(world: World, plan: Plan, newId: string): World {
  const records = load(world);
  records.apply(plan, () => newId);
  return { records: records.records(), links: records.links() };
}
