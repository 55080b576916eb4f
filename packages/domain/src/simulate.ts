import { emailOf, normaliseEmail, usernameFromUpn } from './mapping';
import type { Plan, PlanOp, RecordRef } from './plan.types';
import { compareIds, sameUsername } from './record-ref';
import type {
  DirectoryObservation,
  EmployeeDefaults,
  Link,
  MappingRule,
  PersonRecord,
  PlanInput,
  RecordKind,
  Trigger,
} from './types';

/**
 * A tiny in-memory database: the executable reference semantics of a plan, which the real apply step
 * (packages/db) must match. Logins live on their records; `linkedTo` is always derived from `links`.
 */
export interface World {
  records: readonly PersonRecord[];
  links: readonly Link[];
}

const clone = (r: PersonRecord): PersonRecord => ({
  ...r,
  login: r.login ? { ...r.login, modules: [...r.login.modules] } : null,
});

/** Records with `linkedTo` recomputed from the links (a link is unique by record, S3.3). */
function withLinks(records: readonly PersonRecord[], links: readonly Link[]): PersonRecord[] {
  return records.map((r) => {
    const link = links.find((l) => l.kind === r.kind && l.recordId === r.id);
    return {
      ...clone(r),
      linkedTo: link ? { connectionId: link.connectionId, objectId: link.objectId } : null,
    };
  });
}

/** What `packages/db` loads under its lock, computed from the world (PlanInput's contract). */
export function buildPlanInput(
  world: World,
  connectionId: string,
  observation: DirectoryObservation,
  trigger: Trigger,
  rules: readonly MappingRule[],
  defaults: EmployeeDefaults,
): PlanInput {
  const records = withLinks(world.records, world.links).sort((a, b) => compareIds(a.id, b.id));
  const link = world.links.find(
    (l) => l.connectionId === connectionId && l.objectId === observation.objectId,
  );
  const linked = link ? records.find((r) => r.kind === link.kind && r.id === link.recordId) : undefined;
  if (link && !linked)
    throw new Error(`world: link of ${observation.objectId} points to a missing ${link.kind}`);
  const present = observation.state === 'present';
  const username = present ? usernameFromUpn(observation.user.userPrincipalName) : null;
  const email = present ? normaliseEmail(emailOf(observation.user)) : null;
  const takenArchiveNames = records
    .flatMap((r) => [r.login?.username, r.email])
    .filter((name): name is string => typeof name === 'string' && name.toLowerCase().includes('_archived'));
  return {
    connectionId,
    observation,
    trigger,
    rules,
    defaults,
    link: link && linked ? { link: { ...link }, record: linked } : null,
    emailMatches: email === null ? [] : records.filter((r) => normaliseEmail(r.email) === email),
    usernameHolder: records.find((r) => sameUsername(r.login?.username, username)) ?? null,
    takenArchiveNames,
  };
}

function assertUniqueLogins(records: readonly PersonRecord[]): void {
  const seen = new Set<string>();
  for (const r of records) {
    const name = r.login?.username.toLowerCase();
    if (name === undefined) continue;
    if (seen.has(name))
      throw new Error(`unique violation: login username ${name} (S0: one login per username)`);
    seen.add(name);
  }
}

function applyOp(
  records: PersonRecord[],
  op: PlanOp,
  resolve: (ref: RecordRef) => PersonRecord,
  newId: string,
): void {
  switch (op.type) {
    case 'create': {
      if (records.some((r) => r.kind === op.kind && r.id === newId)) throw new Error(`duplicate id ${newId}`);
      const base = { id: newId, login: null, hasRelationalData: false, linkedTo: null };
      records.push(
        op.kind === 'employee'
          ? { ...base, ...op.fields, kind: 'employee', isRoot: false, status: 'active' }
          : {
              ...base,
              ...op.fields,
              kind: 'contact',
              accountId: op.accountId,
              status: 'active',
              portalAccess: false,
            },
      );
      return;
    }
    case 'merge':
      resolve(op.record);
      return;
    case 'update': {
      const r = resolve(op.record) as unknown as Record<string, unknown>;
      for (const [name, value] of Object.entries(op.changes)) if (name in r) r[name] = value;
      if (op.accountId !== undefined && r.kind === 'contact') r.accountId = op.accountId;
      return;
    }
    case 'deactivate':
    case 'reactivate': {
      const r = resolve(op.record);
      if (r.kind === 'employee' && r.status === 'archived')
        throw new Error(`${op.type} of archived employee ${r.id}`);
      r.status = op.type === 'deactivate' ? 'inactive' : 'active';
      return;
    }
    case 'archive': {
      const r = resolve(op.record);
      if (r.kind !== 'employee') throw new Error('only employees are archived');
      r.status = 'archived';
      r.email = op.email;
      r.login =
        op.username === null ? null : { username: op.username, enabled: false, role: null, modules: [] };
      return;
    }
    case 'removePortalLogin': {
      const r = resolve(op.record);
      if (r.kind !== 'contact') throw new Error('only contacts have portal logins');
      r.login = null;
      r.portalAccess = false;
      return;
    }
    case 'setAccess': {
      const r = resolve(op.record);
      r.login = op.access.login ? { ...op.access.login, modules: [...op.access.login.modules] } : null;
      if (r.kind === 'contact') r.portalAccess = op.access.portalAccess;
      return;
    }
    case 'link':
    case 'conflict':
    case 'error':
    case 'noop':
      return;
  }
}

function applyLink(world: World, plan: Plan, newId: string): Link[] {
  const mine = (l: Link): boolean => l.connectionId === plan.connectionId && l.objectId === plan.objectId;
  if (!plan.link) return [...world.links];
  const others = world.links.filter((l) => !mine(l));
  const previous = world.links.find(mine);
  const kind: RecordKind = plan.link.record.kind;
  const recordId = plan.link.record.id ?? newId;
  if (others.some((l) => l.kind === kind && l.recordId === recordId)) {
    throw new Error(
      `unique violation: ${kind} ${recordId} is already linked to another directory user (S3.3)`,
    );
  }
  const last =
    previous && previous.lastObservedAt.getTime() > plan.observedAt.getTime()
      ? previous.lastObservedAt
      : plan.observedAt;
  const link: Link = {
    connectionId: plan.connectionId,
    objectId: plan.objectId,
    kind,
    recordId,
    lastObservedAt: last,
    fingerprint: plan.fingerprint,
    inScope: plan.link.inScope,
  };
  return [...others, link];
}

/** Executes a plan against the world (unique logins and links enforced like the database's indexes). */
export function applyPlan(world: World, plan: Plan, newId: string): World {
  if (plan.outcome === 'stale') return world;
  const records = world.records.map(clone);
  const resolve = (ref: RecordRef): PersonRecord => {
    const id = ref.id ?? newId;
    const found = records.find((r) => r.kind === ref.kind && r.id === id);
    if (!found) throw new Error(`no ${ref.kind} ${id}`);
    return found;
  };
  for (const op of plan.ops) {
    applyOp(records, op, resolve, newId);
    assertUniqueLogins(records);
  }
  const links = applyLink(world, plan, newId);
  for (const link of links) {
    if (!records.some((r) => r.kind === link.kind && r.id === link.recordId)) {
      throw new Error(`link of ${link.objectId} points to a missing ${link.kind} ${link.recordId}`);
    }
  }
  return { records: withLinks(records, links), links };
}
