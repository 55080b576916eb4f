import { createEmployee, getEmployee, updateEmployee, type Db, type StoredEmployee } from '@entra-sync/db';
import type { EmployeeFields, EmployeeStatus, LoginState } from '@entra-sync/domain';
import { checkCatalog, type Invalid } from './catalog-checks';
import { auditLocal, changes, UsernameTaken, writeLogin } from './local-edit';

export interface EmployeeCreate extends Partial<EmployeeFields> {
  status?: EmployeeStatus;
  username?: string;
  securityRole?: string | null;
  modules?: string[];
}

export interface EmployeePatch extends Partial<EmployeeFields> {
  status?: EmployeeStatus;
  /** null removes the login */
  username?: string | null;
  securityRole?: string | null;
  modules?: string[];
}

export type EmployeeWriteOutcome =
  | { kind: 'saved'; employee: StoredEmployee }
  | { kind: 'not-found' }
  | { kind: 'invalid'; problems: Invalid[] }
  | { kind: 'username-taken'; username: string };

const FIELD_KEYS = [
  'firstName',
  'lastName',
  'email',
  'officePhone',
  'mobilePhone',
  'jobTitle',
  'department',
  'location',
  'timeZone',
] as const;

const snapshot = (e: StoredEmployee) => ({
  ...Object.fromEntries(FIELD_KEYS.map((k) => [k, e[k]])),
  status: e.status,
  username: e.login?.username ?? null,
  securityRole: e.login?.role ?? null,
  modules: [...(e.login?.modules ?? [])],
  loginEnabled: e.login?.enabled ?? null,
});

const accessChecks = (db: Db, input: { securityRole?: string | null; modules?: string[] }) =>
  checkCatalog(db, {
    roles: [{ field: 'securityRole', value: input.securityRole }],
    modules: input.modules ?? [],
  });

export async function addEmployee(db: Db, input: EmployeeCreate): Promise<EmployeeWriteOutcome> {
  const problems: Invalid[] = await accessChecks(db, input);
  if (!input.username && (input.securityRole || (input.modules ?? []).length > 0))
    problems.push({
      field: 'username',
      message: 'role and modules live on the login: give the employee a username',
    });
  if (problems.length > 0) return { kind: 'invalid', problems };
  return guarded(() =>
    db.transaction().execute(async (trx) => {
      const { username, securityRole, modules, ...fields } = input;
      const id = await createEmployee(trx, fields);
      const status = input.status ?? 'active';
      if (username)
        await writeLogin(
          trx,
          { kind: 'employee', id },
          login(username, securityRole ?? null, modules ?? [], status),
        );
      const employee = await mustGet(trx, id);
      await auditLocal(trx, { kind: 'employee', id }, 'local-create', {
        before: null,
        after: snapshot(employee),
      });
      return { kind: 'saved', employee };
    }),
  );
}

/** S4.2: a local edit persists until the directory changes this user. Root stays active and keeps a login. */
export async function editEmployee(db: Db, id: string, patch: EmployeePatch): Promise<EmployeeWriteOutcome> {
  const problems = await accessChecks(db, patch);
  if (problems.length > 0) return { kind: 'invalid', problems };
  return guarded(() =>
    db.transaction().execute(async (trx): Promise<EmployeeWriteOutcome> => {
      const current = await getEmployee(trx, id);
      if (!current) return { kind: 'not-found' };
      const rootProblems = current.isRoot ? rootRefusals(patch) : [];
      if (rootProblems.length > 0) return { kind: 'invalid', problems: rootProblems };
      const next = nextLogin(current, patch);
      if (next === 'needs-username')
        return {
          kind: 'invalid',
          problems: [
            {
              field: 'username',
              message: 'role and modules live on the login: give the employee a username',
            },
          ],
        };
      const { username: _u, securityRole: _r, modules: _m, ...fields } = patch;
      await updateEmployee(trx, id, fields);
      if (next !== undefined) await writeLogin(trx, { kind: 'employee', id }, next);
      const employee = await mustGet(trx, id);
      const diff = changes(snapshot(current), snapshot(employee));
      if (diff) await auditLocal(trx, { kind: 'employee', id }, 'local-edit', diff);
      return { kind: 'saved', employee };
    }),
  );
}

/** S0: root is never archived, deactivated or stripped of its login — not by sync, not by a slip in the API. */
function rootRefusals(patch: EmployeePatch): Invalid[] {
  const problems: Invalid[] = [];
  if (patch.status !== undefined && patch.status !== 'active')
    problems.push({ field: 'status', message: 'the root user stays active' });
  if (patch.username === null) problems.push({ field: 'username', message: 'the root user keeps its login' });
  return problems;
}

function nextLogin(
  current: StoredEmployee,
  patch: EmployeePatch,
): LoginState | null | undefined | 'needs-username' {
  if (patch.username === null) return null;
  const touched =
    patch.username !== undefined ||
    patch.securityRole !== undefined ||
    patch.modules !== undefined ||
    (patch.status !== undefined && current.login !== null);
  if (!touched) return undefined;
  const username = patch.username ?? current.login?.username;
  if (!username) return 'needs-username';
  return login(
    username,
    patch.securityRole !== undefined ? patch.securityRole : (current.login?.role ?? null),
    patch.modules ?? [...(current.login?.modules ?? [])],
    patch.status ?? current.status,
  );
}

const login = (
  username: string,
  role: string | null,
  modules: string[],
  status: EmployeeStatus,
): LoginState => ({
  username,
  enabled: status === 'active',
  role,
  modules: [...new Set(modules)].sort(),
});

async function mustGet(db: Db, id: string): Promise<StoredEmployee> {
  const employee = await getEmployee(db, id);
  if (!employee) throw new Error(`employee ${id} vanished inside its own transaction`);
  return employee;
}

async function guarded(run: () => Promise<EmployeeWriteOutcome>): Promise<EmployeeWriteOutcome> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof UsernameTaken) return { kind: 'username-taken', username: err.username };
    throw err;
  }
}
