import type { RuleAccessState } from './fingerprint';
import { clean } from './mapping';
import type { AccessState } from './plan.types';
import type { EmployeeDefaults, LoginState, MappingRule, PersonRecord, RecordKind } from './types';

export const NO_ACCESS: AccessState = { login: null, portalAccess: false };

const moduleSet = (modules: readonly string[]): string[] => [...new Set(modules)].sort();

/** S1.3 / S6.1: what the winning rule grants, resolved against the employee defaults. */
export function ruleAccessOf(rule: MappingRule, defaults: EmployeeDefaults): RuleAccessState {
  if (rule.target === 'employee') {
    return {
      ruleId: rule.id,
      accountId: null,
      securityRole: clean(rule.securityRole) ?? clean(defaults.securityRole),
      modules: moduleSet(rule.modules.length > 0 ? rule.modules : defaults.modules),
      portalAccess: false,
      portalRole: null,
    };
  }
  return {
    ruleId: rule.id,
    accountId: rule.accountId,
    securityRole: null,
    modules: [],
    portalAccess: rule.portalAccess,
    portalRole: rule.portalRole,
  };
}

/** S6.1: the access a synced record should have; contacts get a login only with portal access. */
export function desiredAccess(
  kind: RecordKind,
  rule: RuleAccessState,
  username: string | null,
  enabled: boolean,
): AccessState {
  if (username === null) return NO_ACCESS;
  if (kind === 'employee') {
    return {
      login: { username, enabled, role: rule.securityRole, modules: rule.modules },
      portalAccess: false,
    };
  }
  if (!rule.portalAccess) return NO_ACCESS;
  return { login: { username, enabled, role: rule.portalRole, modules: [] }, portalAccess: true };
}

export function accessOf(record: PersonRecord): AccessState {
  return { login: record.login, portalAccess: record.kind === 'contact' && record.portalAccess };
}

function sameLogin(a: LoginState | null, b: LoginState | null): boolean {
  if (a === null || b === null) return a === b;
  const ma = moduleSet(a.modules);
  const mb = moduleSet(b.modules);
  return (
    a.username === b.username &&
    a.enabled === b.enabled &&
    a.role === b.role &&
    ma.length === mb.length &&
    ma.every((m, i) => m === mb[i])
  );
}

export const sameAccess = (a: AccessState, b: AccessState): boolean =>
  a.portalAccess === b.portalAccess && sameLogin(a.login, b.login);

export function describeAccess(access: AccessState): string {
  const { login } = access;
  const portal = access.portalAccess ? 'portal access, ' : '';
  if (login === null) return `${portal}no login`;
  const modules = login.modules.length > 0 ? login.modules.join(',') : 'none';
  return (
    `${portal}login ${login.username} ${login.enabled ? 'enabled' : 'disabled'}, ` +
    `role ${login.role ?? 'none'}, modules ${modules}`
  );
}
