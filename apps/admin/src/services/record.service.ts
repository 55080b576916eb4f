import {
  createRecord,
  getRecord,
  updateRecord,
  type Db,
  type NewRecord,
  type RecordInput,
  type StoredRecord,
  type StoredRecordOf,
} from '@entra-sync/db';
import type { RecordKind } from '@entra-sync/domain';
import { checkAccount, checkCatalog, type Invalid } from './catalog-checks';
import { auditLocal, changes, UsernameTaken, writeLogin } from './local-edit';
import { login, loginProblems, nextLogin, rootRefusals, type Access } from './record-login';
import { RECORD_KINDS, type RecordKindRules } from './record-kinds';

/** The login as each kind's API names it: employees a security role and modules, contacts a portal role. */
type LoginFields<K extends RecordKind> = K extends 'employee'
  ? { securityRole?: string | null; modules?: string[] }
  : { portalRole?: string | null };

export type RecordCreate<K extends RecordKind> = NewRecord<K> & LoginFields<K> & { username?: string };
/** `username: null` removes the login; a contact's `portalAccess: false` too (username freed, D10). */
export type RecordPatch<K extends RecordKind> = RecordInput<K> &
  LoginFields<K> & { username?: string | null };

export type RecordWriteOutcome<K extends RecordKind> =
  | { kind: 'saved'; record: StoredRecordOf<K> }
  | { kind: 'not-found' }
  | { kind: 'invalid'; problems: Invalid[] }
  | { kind: 'username-taken'; username: string };

const LOGIN_KEYS = new Set(['username', 'securityRole', 'portalRole', 'modules', 'portalAccess']);

function split(rules: RecordKindRules, input: object): { fields: Record<string, unknown>; access: Access } {
  const all = input as Record<string, unknown> & Access;
  return {
    fields: Object.fromEntries(Object.entries(all).filter(([key]) => !LOGIN_KEYS.has(key))),
    access: {
      username: all.username,
      role: all[rules.roleField] as string | null | undefined,
      modules: all.modules,
      portalAccess: all.portalAccess,
    },
  };
}

/** A6 / S6.1: a contact has a login exactly when it has portal access; an employee's role needs a login. */
export async function addRecord<K extends RecordKind>(
  db: Db,
  kind: K,
  input: RecordCreate<K>,
): Promise<RecordWriteOutcome<K>> {
  const rules = RECORD_KINDS[kind];
  const { fields, access } = split(rules, input);
  const portalAccess = rules.portalFlag ? (access.portalAccess ?? access.username !== undefined) : undefined;
  const problems = [
    ...(await catalogProblems(db, rules, fields, access)),
    ...loginProblems(rules, access, portalAccess),
  ];
  if (problems.length > 0) return { kind: 'invalid', problems };
  return guarded(() =>
    db.transaction().execute(async (trx): Promise<RecordWriteOutcome<K>> => {
      const row = { ...fields, ...(portalAccess !== undefined ? { portalAccess } : {}) } as NewRecord<K>;
      const id = await createRecord(trx, kind, row);
      if (access.username)
        await writeLogin(
          trx,
          { kind, id },
          login(rules, access.username, access.role ?? null, access.modules ?? [], input.status ?? 'active'),
        );
      const record = await mustGet(trx, kind, id);
      await auditLocal(trx, { kind, id }, 'local-create', { before: null, after: snapshot(rules, record) });
      return { kind: 'saved', record };
    }),
  );
}

/** S4.2: a local edit persists until the directory changes this user. Root stays active and keeps a login. */
export async function editRecord<K extends RecordKind>(
  db: Db,
  kind: K,
  id: string,
  patch: RecordPatch<K>,
): Promise<RecordWriteOutcome<K>> {
  const rules = RECORD_KINDS[kind];
  const { fields, access } = split(rules, patch);
  const problems = await catalogProblems(db, rules, fields, access);
  if (problems.length > 0) return { kind: 'invalid', problems };
  return guarded(() =>
    db.transaction().execute(async (trx): Promise<RecordWriteOutcome<K>> => {
      const current = await getRecord(trx, kind, id);
      if (!current) return { kind: 'not-found' };
      const rootProblems =
        current.kind === 'employee' && current.isRoot ? rootRefusals(patch.status, access) : [];
      if (rootProblems.length > 0) return { kind: 'invalid', problems: rootProblems };
      const next = nextLogin(rules, current, patch.status, access);
      if (next === 'needs-username')
        return { kind: 'invalid', problems: [{ field: 'username', message: rules.needsUsername }] };
      const portal = rules.portalFlag && next !== undefined ? { portalAccess: next !== null } : {};
      await updateRecord(trx, kind, id, { ...fields, ...portal } as RecordInput<K>);
      if (next !== undefined) await writeLogin(trx, { kind, id }, next);
      const record = await mustGet(trx, kind, id);
      const diff = changes(snapshot(rules, current), snapshot(rules, record));
      if (diff) await auditLocal(trx, { kind, id }, 'local-edit', diff);
      return { kind: 'saved', record };
    }),
  );
}

/** A5 / B5: the account a contact lives under, the role and modules against the catalog. */
async function catalogProblems(
  db: Db,
  rules: RecordKindRules,
  fields: Record<string, unknown>,
  access: Access,
) {
  return [
    ...(await checkAccount(db, fields.accountId as string | undefined)),
    ...(await checkCatalog(db, {
      roles: [{ field: rules.roleField, value: access.role }],
      modules: access.modules ?? [],
    })),
  ];
}

/** What the audit log compares before → after (B3 style). */
function snapshot(rules: RecordKindRules, record: StoredRecord) {
  const values = record as unknown as Record<string, unknown>;
  return {
    ...Object.fromEntries(rules.fields.map((key) => [key, values[key]])),
    status: record.status,
    ...(rules.portalFlag ? { portalAccess: values.portalAccess } : {}),
    username: record.login?.username ?? null,
    [rules.roleField]: record.login?.role ?? null,
    ...(rules.modules ? { modules: [...(record.login?.modules ?? [])] } : {}),
    loginEnabled: record.login?.enabled ?? null,
  };
}

async function mustGet<K extends RecordKind>(db: Db, kind: K, id: string): Promise<StoredRecordOf<K>> {
  const record = await getRecord(db, kind, id);
  if (!record) throw new Error(`${kind} ${id} vanished inside its own transaction`);
  return record;
}

async function guarded<K extends RecordKind>(
  run: () => Promise<RecordWriteOutcome<K>>,
): Promise<RecordWriteOutcome<K>> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof UsernameTaken) return { kind: 'username-taken', username: err.username };
    throw err;
  }
}
