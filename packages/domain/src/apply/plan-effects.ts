import type { Plan } from '../plan.types';
import type { Link, PersonRecord, RecordKind } from '../types';
import { applyOp, type Effect, type OpState } from './op-effect';

export const recordKey = (ref: { kind: RecordKind; id: string }): string => `${ref.kind}:${ref.id}`;

/** What a whole plan does, computed without touching the state it read. */
export interface PlanEffects {
  /** every record the plan wrote, at its final state, by `recordKey` (a created one included) */
  records: ReadonlyMap<string, PersonRecord>;
  /** key of the record the plan created, if any */
  createdKey: string | null;
  /** audit entries (S6.4), the ones with an event also outbox events (S9), in op order */
  effects: Effect[];
  /** the link after the plan; null when the plan leaves the link as it was */
  link: Link | null;
  /** the record the directory user is linked to afterwards, if any */
  recordId: string | null;
}

export interface RecordReader {
  /** a record at its current state, or undefined when it is not known */
  get(key: string): PersonRecord | undefined;
  findById(id: string): PersonRecord | null;
}

/** S4.5: a link's observation time only moves forward. */
export function nextLink(previous: Link | null, plan: Plan, kind: RecordKind, recordId: string): Link {
  const last =
    previous && previous.lastObservedAt.getTime() > plan.observedAt.getTime()
      ? previous.lastObservedAt
      : plan.observedAt;
  return {
    connectionId: plan.connectionId,
    objectId: plan.objectId,
    kind,
    recordId,
    lastObservedAt: last,
    fingerprint: plan.fingerprint,
    inScope: plan.link?.inScope ?? false,
  };
}

/**
 * Every op of the plan in order (each reads what the ones before it wrote), then the link. Pure: the
 * caller commits the result (RecordWorld) or throws it away (a preview's error). A stale plan does nothing.
 */
export function planEffects(
  plan: Plan,
  read: RecordReader,
  previous: Link | null,
  newId: () => string,
): PlanEffects {
  const records = new Map<string, PersonRecord>();
  let createdKey: string | null = null;
  const effects: Effect[] = [];
  const idle = { records, createdKey, effects, link: null, recordId: previous?.recordId ?? null };
  if (plan.outcome === 'stale') return idle;
  const current = (key: string): PersonRecord | undefined => records.get(key) ?? read.get(key);
  const state: OpState = {
    get(ref) {
      const key = ref.id === null ? createdKey : recordKey({ kind: ref.kind, id: ref.id });
      if (key === null) throw new Error(`plan refers to a ${ref.kind} it has not created yet`);
      const record = current(key);
      if (!record) throw new Error(`plan refers to ${key}, which was not loaded`);
      return record;
    },
    findById(id) {
      for (const record of records.values()) if (record.id === id) return record;
      return read.findById(id);
    },
  };
  for (const op of plan.ops) {
    const result = applyOp(state, op, newId);
    if (result.effect) effects.push(result.effect);
    if (!result.record) continue;
    const key = recordKey(result.record);
    if (result.created) {
      if (current(key)) throw new Error(`plan creates ${key}, which exists`);
      createdKey = key;
    }
    records.set(key, result.record);
  }
  if (!plan.link) return { ...idle, createdKey };
  const { kind, id } = plan.link.record;
  const recordId = id ?? (createdKey === null ? null : (records.get(createdKey)?.id ?? null));
  if (recordId === null) throw new Error(`plan links ${plan.objectId} to a record it never created`);
  return { records, createdKey, effects, link: nextLink(previous, plan, kind, recordId), recordId };
}
