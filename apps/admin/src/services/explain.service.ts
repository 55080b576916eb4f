import {
  getConnection,
  getEmployeeDefaults,
  getLink,
  getRecord,
  listAuditEntries,
  listRules,
  dryRunBatch,
  mirroredUsersByEmail,
  observationOf,
  recordsByEmail,
  type AuditEntry,
  type Db,
  type MirroredUser,
  type StoredContact,
  type StoredEmployee,
} from '@entra-sync/db';
import { normaliseEmail, resolveWinner, type EmployeeDefaults, type MappingRule } from '@entra-sync/domain';
import { auditView } from '../views/audit.view';
import { planView } from '../views/plan.view';
import { contactView, employeeView } from '../views/record.view';

type StoredPerson = StoredEmployee | StoredContact;

const AUDIT_PER_RECORD = 10;
const AUDIT_TOTAL = 20;

/**
 * GET /api/explain: why this person has the record and access they have — the directory user(s) as last seen,
 * their groups, every matching rule in S1.2 order with the winner and why, what a sync would do now, the
 * record(s) with their access, and the last audit entries (S6.4). Reads only.
 */
export async function explain(db: Db, email: string, now: Date) {
  const key = normaliseEmail(email);
  if (key === null) return null;
  const records = await recordsByEmail(db, key);
  const linked = records.flatMap((r) => (r.linkedTo ? [r.linkedTo] : []));
  const mirrored = await mirroredUsersByEmail(db, key, linked);
  const defaults = await getEmployeeDefaults(db);
  const rulesByConnection = new Map<string, MappingRule[]>();
  const directoryUsers = [];
  for (const user of mirrored) {
    let rules = rulesByConnection.get(user.connectionId);
    if (!rules) rulesByConnection.set(user.connectionId, (rules = await listRules(db, user.connectionId)));
    const explained = await explainUser(db, user, rules, defaults, now);
    directoryUsers.push(explained);
    if (explained.record && !records.some((r) => r.id === explained.record?.id)) {
      const record = await getRecord(db, explained.record.kind, explained.record.id);
      if (record) records.push(record);
    }
  }
  if (directoryUsers.length === 0 && records.length === 0) return null;
  const explainedRecords = await Promise.all(records.map((r) => explainRecord(db, r)));
  const audit = await lastAudit(db, mirrored, records);
  return {
    email: email.trim(),
    summary: [...directoryUsers.map((u) => u.summary), ...explainedRecords.map((r) => r.summary)],
    directoryUsers,
    records: explainedRecords,
    audit: audit.map(auditView),
  };
}

async function explainUser(
  db: Db,
  user: MirroredUser,
  rules: MappingRule[],
  defaults: EmployeeDefaults,
  now: Date,
) {
  const connection = await getConnection(db, user.connectionId);
  const present = !user.deleted && user.fields !== null;
  const precedence = resolveWinner(
    rules,
    present ? user.directGroupIds : [],
    present ? user.allGroupIds : [],
  );
  const link = await getLink(db, user.connectionId, user.objectId);
  const staffTenant = connection?.staffTenant ?? false;
  const context = { connectionId: user.connectionId, staffTenant, rules, defaults };
  const [next] = await dryRunBatch(db, context, [
    { observation: observationOf(user, now), trigger: 'reconcile' },
  ]);
  const direct = new Set(user.directGroupIds);
  const who = user.fields?.userPrincipalName ?? user.objectId;
  return {
    connectionId: user.connectionId,
    connectionName: connection?.name ?? null,
    objectId: user.objectId,
    user: user.fields,
    deleted: user.deleted,
    observedAt: user.observedAt,
    groups: user.allGroupIds.map((groupId) => ({
      groupId,
      membership: direct.has(groupId) ? ('direct' as const) : ('nested' as const),
    })),
    matchingRules: precedence.ranked.map((ranked, index) => ({
      rank: index + 1,
      wins: index === 0,
      ruleId: ranked.rule.id,
      groupId: ranked.rule.groupId,
      order: ranked.rule.order,
      createdAt: ranked.rule.createdAt,
      target: ranked.rule.target,
      membership: ranked.membership,
      reason: ranked.reason,
    })),
    winner: precedence.winner ? precedence.winner.rule.id : null,
    explanation: present ? precedence.explanation : 'S5.1 the user is deleted in the directory',
    record: link ? { kind: link.kind, id: link.recordId } : null,
    inScope: link?.inScope ?? null,
    /** what a sync (reconcile, D1) would do now; `unchanged` means the record is what the rules say */
    nextSync: next?.plan
      ? planView(next.plan)
      : {
          outcome: 'error' as const,
          winningRuleId: null,
          precedence: 'not evaluated',
          ops: [{ type: 'error' as const, reason: next?.error ?? 'not planned' }],
        },
    summary: `${connection?.name ?? user.connectionId}: ${who} — ${
      present ? precedence.explanation : 'deleted in the directory (S5.1)'
    }`,
  };
}

async function explainRecord(db: Db, record: StoredPerson) {
  const view = record.kind === 'employee' ? employeeView(record) : contactView(record);
  const audit = await listAuditEntries(db, { recordId: record.id, limit: AUDIT_PER_RECORD });
  return {
    kind: record.kind,
    record: view,
    access: {
      login: record.login ? { ...record.login, modules: [...record.login.modules] } : null,
      portalAccess: record.kind === 'contact' && record.portalAccess,
    },
    audit: audit.map(auditView),
    summary: `${record.kind} ${record.id} (${record.status}${record.linkedTo ? ', synced' : ', local'}): ${access(record)}`,
  };
}

function access(record: StoredPerson): string {
  const { login } = record;
  const portal =
    record.kind === 'contact' ? (record.portalAccess ? 'portal access, ' : 'no portal access, ') : '';
  if (!login) return `${portal}no login`;
  const modules = login.modules.length > 0 ? `, modules ${login.modules.join(',')}` : '';
  return `${portal}login ${login.username} ${login.enabled ? 'enabled' : 'disabled'}, role ${login.role ?? 'none'}${modules}`;
}

async function lastAudit(db: Db, users: MirroredUser[], records: StoredPerson[]): Promise<AuditEntry[]> {
  const batches = await Promise.all([
    ...users.map((u) =>
      listAuditEntries(db, { connectionId: u.connectionId, objectId: u.objectId, limit: AUDIT_TOTAL }),
    ),
    ...records.map((r) => listAuditEntries(db, { recordId: r.id, limit: AUDIT_TOTAL })),
  ]);
  const byId = new Map(batches.flat().map((e) => [e.id, e]));
  return [...byId.values()].sort((a, b) => b.id - a.id).slice(0, AUDIT_TOTAL);
}
