import type { Kysely } from 'kysely';
import {
  accessOf,
  type EmployeeFields,
  type LoginState,
  type PersonRecord,
  type PlanOp,
  sameAccess,
} from '@entra-sync/domain';
import type { Database } from '../tables/database';
import type { AuditJournal } from './audit-journal';
import { insertRecord, setPortalAccess, setStatus, updateFields, writeLogin } from './record-writes';
import type { RecordState } from './record-state';

const refOf = (r: PersonRecord) => ({ kind: r.kind, id: r.id });
const loginView = (login: LoginState | null) =>
  login && {
    username: login.username,
    enabled: login.enabled,
    role: login.role,
    modules: [...login.modules],
  };
const accessView = (r: PersonRecord) => ({
  login: loginView(r.login),
  ...(r.kind === 'contact' ? { portalAccess: r.portalAccess } : {}),
});

/** Executes one op against the database and the in-memory state; writes nothing when nothing differs. */
export async function executeOp(
  db: Kysely<Database>,
  op: PlanOp,
  state: RecordState,
  journal: AuditJournal,
): Promise<void> {
  const note = { action: op.type, reason: op.reason };
  switch (op.type) {
    case 'create': {
      const id = await insertRecord(db, op);
      const base = { id, login: null, hasRelationalData: false, linkedTo: null };
      const record: PersonRecord =
        op.kind === 'employee'
          ? { ...base, ...op.fields, kind: 'employee', isRoot: false, status: 'active' }
          : {
              ...base,
              ...op.fields,
              kind: 'contact',
              accountId: op.accountId,
              status: 'active',
              portalAccess: false,
            };
      state.created(record);
      const after = op.kind === 'contact' ? { ...op.fields, accountId: op.accountId } : { ...op.fields };
      journal.add({ ...note, record: refOf(record), before: null, after, event: 'created' });
      return;
    }
    case 'merge': {
      const record = state.get(op.record);
      journal.add({ ...note, record: refOf(record), before: null, after: null });
      return;
    }
    case 'update': {
      const record = state.get(op.record);
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
      await updateFields(db, refOf(record), changes, accountId);
      state.set({ ...record, ...changes, ...(accountId !== undefined ? { accountId } : {}) } as PersonRecord);
      const after = { ...changes, ...(accountId !== undefined ? { accountId } : {}) };
      journal.add({ ...note, record: refOf(record), before, after, event: 'updated' });
      return;
    }
    case 'deactivate':
    case 'reactivate': {
      const record = state.get(op.record);
      if (record.kind === 'employee' && record.status === 'archived') {
        throw new Error(`plan would ${op.type} archived employee ${record.id}`);
      }
      const status = op.type === 'deactivate' ? 'inactive' : 'active';
      if (record.status === status) return;
      await setStatus(db, refOf(record), status);
      state.set({ ...record, status } as PersonRecord);
      const event = op.type === 'deactivate' ? 'deactivated' : 'reactivated';
      journal.add({
        ...note,
        record: refOf(record),
        before: { status: record.status },
        after: { status },
        event,
      });
      return;
    }
    case 'archive': {
      const record = state.get(op.record);
      if (record.kind !== 'employee') throw new Error(`plan would archive ${record.kind} ${record.id}`);
      const login =
        op.username === null ? null : { username: op.username, enabled: false, role: null, modules: [] };
      await setStatus(db, refOf(record), 'archived', op.email);
      await writeLogin(db, refOf(record), record.login, login);
      state.set({ ...record, status: 'archived', email: op.email, login });
      journal.add({
        ...note,
        record: refOf(record),
        before: { status: record.status, email: record.email, login: loginView(record.login) },
        after: { status: 'archived', email: op.email, login: loginView(login) },
        event: 'archived',
      });
      return;
    }
    case 'removePortalLogin': {
      const record = state.get(op.record);
      if (record.kind !== 'contact')
        throw new Error(`plan would remove a portal login of ${record.kind} ${record.id}`);
      if (record.login === null && !record.portalAccess) return;
      await writeLogin(db, refOf(record), record.login, null);
      if (record.portalAccess) await setPortalAccess(db, record.id, false);
      state.set({ ...record, login: null, portalAccess: false });
      const after = { login: null, portalAccess: false };
      journal.add({
        ...note,
        record: refOf(record),
        before: accessView(record),
        after,
        event: 'portal_login_removed',
      });
      return;
    }
    case 'setAccess': {
      const record = state.get(op.record);
      const access = record.kind === 'contact' ? op.access : { ...op.access, portalAccess: false };
      if (sameAccess(accessOf(record), access)) return;
      await writeLogin(db, refOf(record), record.login, access.login);
      if (record.kind === 'contact' && record.portalAccess !== access.portalAccess) {
        await setPortalAccess(db, record.id, access.portalAccess);
      }
      const next = {
        ...record,
        login: access.login,
        ...(record.kind === 'contact' ? { portalAccess: access.portalAccess } : {}),
      };
      state.set(next as PersonRecord);
      journal.add({
        ...note,
        record: refOf(record),
        before: accessView(record),
        after: accessView(next as PersonRecord),
        event: 'access_changed',
      });
      return;
    }
    case 'link': {
      const record = state.get(op.record);
      journal.add({
        ...note,
        record: refOf(record),
        before: null,
        after: { kind: record.kind, recordId: record.id },
      });
      return;
    }
    case 'conflict': {
      const record = op.recordId === null ? null : state.find(op.recordId);
      const named = op.recordId === null ? null : { recordId: op.recordId };
      journal.add({ ...note, record: record && refOf(record), before: null, after: named });
      return;
    }
    case 'error':
      journal.add({ ...note, record: null, before: null, after: null });
      return;
    case 'noop':
      return;
  }
}
