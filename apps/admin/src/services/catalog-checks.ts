import { getAccount, moduleNames, securityRoleNames, type Db } from '@entra-sync/db';

/** A reason a request is well-formed but cannot be applied (422), naming the field. */
export interface Invalid {
  field: string;
  message: string;
}

/** B5: roles and modules are a catalog; a typo must not become a role nobody can hold. */
export async function checkCatalog(
  db: Db,
  input: { roles?: Array<{ field: string; value: string | null | undefined }>; modules?: readonly string[] },
  modulesField = 'modules',
): Promise<Invalid[]> {
  const problems: Invalid[] = [];
  const roles = (input.roles ?? []).filter((r): r is { field: string; value: string } => Boolean(r.value));
  if (roles.length > 0) {
    const known = new Set(await securityRoleNames(db));
    for (const role of roles) {
      if (!known.has(role.value))
        problems.push({
          field: role.field,
          message: `unknown role '${role.value}' (known: ${[...known].sort().join(', ')})`,
        });
    }
  }
  if (input.modules && input.modules.length > 0) {
    const known = new Set(await moduleNames(db));
    const unknown = input.modules.filter((m) => !known.has(m));
    if (unknown.length > 0)
      problems.push({
        field: modulesField,
        message: `unknown module${unknown.length > 1 ? 's' : ''} ${unknown.map((m) => `'${m}'`).join(', ')} (known: ${[...known].sort().join(', ')})`,
      });
  }
  return problems;
}

export async function checkAccount(db: Db, accountId: string | null | undefined, field = 'accountId') {
  if (!accountId) return [];
  if (!isUuid(accountId) || !(await getAccount(db, accountId)))
    return [{ field, message: `no account with id ${accountId}` }];
  return [];
}

export const isUuid = (value: string): boolean =>
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
