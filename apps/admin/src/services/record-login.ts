import type { StoredRecord } from '@entra-sync/db';
import type { LoginState } from '@entra-sync/domain';
import type { Invalid } from './catalog-checks';
import type { RecordKindRules } from './record-kinds';

// What a local create or edit does to a record's login (S6.1, A6), for either kind (record-kinds.ts).

/** The access part of a create or an edit, whatever the kind calls its role. */
export interface Access {
  username?: string | null;
  role?: string | null;
  modules?: string[];
  portalAccess?: boolean;
}

/** A6 / S6.1: a new contact has a login exactly when it has portal access; an employee's role needs one. */
export function loginProblems(
  rules: RecordKindRules,
  access: Access,
  portalAccess: boolean | undefined,
): Invalid[] {
  if (portalAccess === undefined)
    return !access.username && (access.role || (access.modules ?? []).length > 0)
      ? [{ field: 'username', message: rules.needsUsername }]
      : [];
  if (portalAccess && !access.username) return [{ field: 'username', message: rules.needsUsername }];
  if (!portalAccess && access.username)
    return [{ field: 'username', message: 'a contact without portal access has no login' }];
  return [];
}

/** S0: root is never archived, deactivated or stripped of its login — not by sync, not by a slip in the API. */
export function rootRefusals(status: string | undefined, access: Access): Invalid[] {
  const problems: Invalid[] = [];
  if (status !== undefined && status !== 'active')
    problems.push({ field: 'status', message: 'the root user stays active' });
  if (access.username === null)
    problems.push({ field: 'username', message: 'the root user keeps its login' });
  return problems;
}

/** undefined: the login stays as it is; null: it goes. */
export function nextLogin(
  rules: RecordKindRules,
  current: StoredRecord,
  status: string | undefined,
  access: Access,
): LoginState | null | undefined | 'needs-username' {
  if (access.portalAccess === false || access.username === null) return null;
  const touched =
    access.portalAccess === true ||
    access.username !== undefined ||
    access.role !== undefined ||
    access.modules !== undefined ||
    (status !== undefined && current.login !== null);
  if (!touched) return undefined;
  const username = access.username ?? current.login?.username;
  if (!username) return 'needs-username';
  return login(
    rules,
    username,
    access.role !== undefined ? access.role : (current.login?.role ?? null),
    access.modules ?? [...(current.login?.modules ?? [])],
    status ?? current.status,
  );
}

export const login = (
  rules: RecordKindRules,
  username: string,
  role: string | null,
  modules: readonly string[],
  status: string,
): LoginState => ({
  username,
  // an inactive person cannot sign in (as S5 deactivation does)
  enabled: status === 'active',
  role,
  modules: rules.modules ? [...new Set(modules)].sort() : [],
});
