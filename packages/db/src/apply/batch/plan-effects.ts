import { randomUUID } from 'node:crypto';
import {
  accessOf,
  type EmployeeFields,
  type PersonRecord,
  type Plan,
  type RecordKind,
  type PlanOp,
  type RecordRef,
  sameAccess,
} from '@entra-sync/domain';
import type { JournalEntry } from '../audit-journal';
import { type BatchWorld, keyOf } from './batch-world';
import { accessView, loginView, newRecord, refOf } from './record-views';

type Snapshot = Record<string, unknown> | null;

// The in-memory twin of execute-op.ts: the same state transitions and the same audit entries, without
// a statement per op. The batch writes the final states afterwards (batch-writes.ts).

interface Step {
  world: BatchWorld;
  newId: () => string;
  createdId: string | null;
  entries: JournalEntry[];
}

function resolve(step: Step, ref: RecordRef): PersonRecord {
  const id = ref.id ?? step.createdId;
  if (id === null) throw new Error(`plan refers to a ${ref.kind} it has not created yet`);
  return step.world.get(keyOf({ kind: ref.kind, id }));
}

function create(step: Step, op: Extract<PlanOp, { type: 'create' }>): void {
  const record = newRecord(step.newId(), op);
  step.world.create(record);
  step.createdId = record.id;
  const after: Record<string, unknown> = op.kind === 'contact' ? { accountId: op.accountId } : {};
  Object.assign(after, op.fields);
  step.entries.push({
    action: op.type,
    reason: op.reason,
    record: refOf(record),
    before: null,
    after,
    event: 'created',
  });
}

function update(step: Step, op: Extract<PlanOp, { type: 'update' }>): void {
  const record = resolve(step, op.record);
  const current = record as unknown as Record<string, unknown>;
  const changes: Partial<EmployeeFields> = {};
  const before: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(op.changes) as [keyof EmployeeFields, string | null][]) {
    if (!(name in current) || value === undefined || current[name] === value) continue;
    before[name] = current[name];
    changes[name] = value;
  }
  const accountId =
    record.kind === 'contact' && op.accountId !== undefined && op.accountId !== record.accountId
      ? op.accountId
      : undefined;
  if (accountId !== undefined && record.kind === 'contact') before.accountId = record.accountId;
  if (Object.keys(before).length === 0) return;
  const after: Record<string, unknown> = Object.assign(
    {},
    changes,
    accountId !== undefined ? { accountId } : {},
  );
  step.world.set(Object.assign({}, record, after));
  step.entries.push({
    action: op.type,
    reason: op.reason,
    record: refOf(record),
    before,
    after,
    event: 'updated',
  });
}

function setStatus(step: Step, op: Extract<PlanOp, { type: 'deactivate' | 'reactivate' }>): void {
  const record = resolve(step, op.record);
  if (record.kind === 'employee' && record.status === 'archived') {
    throw new Error(`plan would ${op.type} archived employee ${record.id}`);
  }
  const status = op.type === 'deactivate' ? 'inactive' : 'active';
  if (record.status === status) return;
  step.world.set({ ...record, status } as PersonRecord);
  step.entries.push({
    action: op.type,
    reason: op.reason,
    record: refOf(record),
    before: { status: record.status },
    after: { status },
    event: op.type === 'deactivate' ? 'deactivated' : 'reactivated',
  });
}

function archive(step: Step, op: Extract<PlanOp, { type: 'archive' }>): void {
  const record = resolve(step, op.record);
  if (record.kind !== 'employee') throw new Error(`plan would archive ${record.kind} ${record.id}`);
  const login =
    op.username === null ? null : { username: op.username, enabled: false, role: null, modules: [] };
  step.world.set({ ...record, status: 'archived', email: op.email, login });
  step.entries.push({
    action: op.type,
    reason: op.reason,
    record: refOf(record),
    before: { status: record.status, email: record.email, login: loginView(record.login) },
    after: { status: 'archived', email: op.email, login: loginView(login) },
    event: 'archived',
  });
}

function removePortalLogin(step: Step, op: Extract<PlanOp, { type: 'removePortalLogin' }>): void {
  const record = resolve(step, op.record);
  if (record.kind !== 'contact')
    throw new Error(`plan would remove a portal login of ${record.kind} ${record.id}`);
  if (record.login === null && !record.portalAccess) return;
  step.world.set({ ...record, login: null, portalAccess: false });
  step.entries.push({
    action: op.type,
    reason: op.reason,
    record: refOf(record),
    before: accessView(record),
    after: { login: null, portalAccess: false },
    event: 'portal_login_removed',
  });
}

function setAccess(step: Step, op: Extract<PlanOp, { type: 'setAccess' }>): void {
  const record = resolve(step, op.record);
  const access = record.kind === 'contact' ? op.access : { ...op.access, portalAccess: false };
  if (sameAccess(accessOf(record), access)) return;
  const next: PersonRecord =
    record.kind === 'contact'
      ? { ...record, login: access.login, portalAccess: access.portalAccess }
      : { ...record, login: access.login };
  step.world.set(next);
  step.entries.push({
    action: op.type,
    reason: op.reason,
    record: refOf(record),
    before: accessView(record),
    after: accessView(next),
    event: 'access_changed',
  });
}

const note = (
  op: PlanOp,
  record: { kind: RecordKind; id: string } | null,
  after: Snapshot,
): JournalEntry => ({
  action: op.type,
  reason: op.reason,
  record,
  before: null,
  after,
});

function applyOp(step: Step, op: PlanOp): void {
  switch (op.type) {
    case 'create':
      return create(step, op);
    case 'merge':
      step.entries.push(note(op, refOf(resolve(step, op.record)), null));
      return;
    case 'update':
      return update(step, op);
    case 'deactivate':
    case 'reactivate':
      return setStatus(step, op);
    case 'archive':
      return archive(step, op);
    case 'removePortalLogin':
      return removePortalLogin(step, op);
    case 'setAccess':
      return setAccess(step, op);
    case 'link': {
      const record = resolve(step, op.record);
      step.entries.push(note(op, refOf(record), { kind: record.kind, recordId: record.id }));
      return;
    }
    case 'conflict': {
      const record = op.recordId === null ? null : step.world.findById(op.recordId);
      step.entries.push(
        note(op, record && refOf(record), op.recordId === null ? null : { recordId: op.recordId }),
      );
      return;
    }
    case 'error':
      step.entries.push(note(op, null, null));
      return;
    case 'noop':
      return;
  }
}

export interface PlanEffects {
  /** the record the directory user is linked to after the plan, if any */
  recordId: string | null;
  /** audit entries (and outbox events) of the plan, before D18 de-duplication */
  entries: JournalEntry[];
}

/** Applies a plan to the world: every op in order, then the link (executePlan's semantics). */
export function applyPlanEffects(
  world: BatchWorld,
  plan: Plan,
  linkedId: string | null,
  newId: () => string = randomUUID,
): PlanEffects {
  if (plan.outcome === 'stale') return { recordId: linkedId, entries: [] };
  const step: Step = { world, newId, createdId: null, entries: [] };
  for (const op of plan.ops) applyOp(step, op);
  if (!plan.link) return { recordId: linkedId, entries: step.entries };
  const recordId = plan.link.record.id ?? step.createdId;
  if (recordId === null) throw new Error(`plan links ${plan.objectId} to a record it never created`);
  world.writeLink({
    connectionId: plan.connectionId,
    objectId: plan.objectId,
    kind: plan.link.record.kind,
    recordId,
    lastObservedAt: plan.observedAt,
    fingerprint: plan.fingerprint,
    inScope: plan.link.inScope,
  });
  return { recordId, entries: step.entries };
}
