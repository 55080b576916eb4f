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

function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, v]) => [k, canonical(v)]));
  }
  return value;
}

/** Canonical, stable string (D1): key order and module order do not matter. No crypto on purpose. */
export function fingerprint(state: FingerprintState): string {
  const normalised =
    state.scope === 'in'
      ? { ...state, rule: { ...state.rule, modules: [...new Set(state.rule.modules)].sort() } }
      : state;
  return `${VERSION}:${JSON.stringify(canonical(normalised))}`;
}
