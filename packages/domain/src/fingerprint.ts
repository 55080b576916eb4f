import type { EmployeeFields, PersonFields, RecordKind } from './types';

/** The winning rule's part of what a plan applies (S1.3, S6.1), resolved against the defaults. */
export interface RuleAccessState {
  ruleId: number;
  accountId: string | null;
  securityRole: string | null;
  modules: readonly string[];
  portalAccess: boolean;
  portalRole: string | null;
}

/** D1: the directory state (plus the admin settings it is read through) that a plan applies. */
export type FingerprintState =
  | { scope: 'deleted' }
  | { scope: 'out' }
  | {
      scope: 'in';
      kind: RecordKind;
      username: string | null;
      fields: PersonFields | EmployeeFields;
      accountEnabled: boolean;
      rule: RuleAccessState;
    };

// Bump when the canonical form changes: every link then reads as "changed" once.
const VERSION = 'v1';

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A copy with every object's keys in sorted (code-unit) order, undefined members dropped, Dates as ISO. */
function canonical(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(record).sort(byCodeUnit)) {
    const item = record[key];
    if (item === undefined) continue;
    if (key === '__proto__') Object.defineProperty(out, key, { value: canonical(item), enumerable: true });
    else out[key] = canonical(item);
  }
  return out;
}

// The `in` state and its rule as the sorted copy `canonical` would make, written as literals: a full
// sync fingerprints every user, and only the field values vary in shape.
const inScope = (state: Extract<FingerprintState, { scope: 'in' }>) => ({
  accountEnabled: state.accountEnabled,
  fields: canonical(state.fields),
  kind: state.kind,
  rule: {
    accountId: state.rule.accountId,
    modules: [...new Set(state.rule.modules)].sort(),
    portalAccess: state.rule.portalAccess,
    portalRole: state.rule.portalRole,
    ruleId: state.rule.ruleId,
    securityRole: state.rule.securityRole,
  },
  scope: state.scope,
  username: state.username,
});

const IN_KEYS = 6;
const RULE_KEYS = 6;
const keyCount = (value: object): number => {
  let count = 0;
  for (const _ in value) count += 1;
  return count;
};

/** Canonical, stable string (D1): key order and module order do not matter. No crypto on purpose. */
export function fingerprint(state: FingerprintState): string {
  if (state.scope !== 'in') return `${VERSION}:${JSON.stringify(canonical(state))}`;
  // a state carrying other members than the declared ones takes the generic path
  if (keyCount(state) !== IN_KEYS || keyCount(state.rule) !== RULE_KEYS) {
    const modules = [...new Set(state.rule.modules)].sort();
    return `${VERSION}:${JSON.stringify(canonical({ ...state, rule: { ...state.rule, modules } }))}`;
  }
  return `${VERSION}:${JSON.stringify(inScope(state))}`;
}
