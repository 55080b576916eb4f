import { resolveWinner } from './precedence';
import type { DirectoryObservation, Link, MappingRule } from './types';

/** How an apply would take a synced user's access away (S5.1 deleted, S5.2 disabled, S5.3 out of scope). */
export type RemovalKind = 'deleted' | 'disabled' | 'out-of-scope';

const REASONS: Record<RemovalKind, string> = {
  deleted: 'S5.1 deleted in the directory: the record would be deactivated and its login disabled',
  disabled: 'S5.2 accountEnabled = false: the record would be deactivated and its login disabled',
  'out-of-scope':
    'S5.3 no mapping rule matches any more (the user left every mapped group, or its group or rule was ' +
    'deleted or changed): its login access would be removed',
};

export const removalReason = (kind: RemovalKind): string => REASONS[kind];

/** What the guard needs of the linked record: whether it has anything left to lose. */
export interface RecordAccess {
  status: string;
  isRoot?: boolean;
  login: { enabled: boolean } | null;
  portalAccess?: boolean;
}

/** Root is exempt (S0); deactivating takes an active record or an enabled login; scope loss takes the login. */
function hasToLose(kind: RemovalKind, record: RecordAccess): boolean {
  if (record.isRoot) return false;
  const login = record.login?.enabled === true || record.portalAccess === true;
  return kind === 'out-of-scope' ? login : login || record.status === 'active';
}

/**
 * S8: would applying this observation take a synced, in-scope user's access away, and how? Null when it would
 * not (never synced, already out of scope, still in scope and enabled, or — given the linked record — nothing
 * left to take: already deactivated, or root).
 */
export function removalOf(
  observation: DirectoryObservation,
  link: Link | null,
  rules: readonly MappingRule[],
  record?: RecordAccess | null,
): RemovalKind | null {
  if (!link || !link.inScope) return null;
  const kind = kindOf(observation, link, rules);
  if (kind === null || record === undefined) return kind;
  return record !== null && hasToLose(kind, record) ? kind : null;
}

function kindOf(
  observation: DirectoryObservation,
  link: Link,
  rules: readonly MappingRule[],
): RemovalKind | null {
  if (observation.state === 'deleted') return 'deleted';
  if (!observation.user.accountEnabled) return 'disabled';
  const { winner } = resolveWinner(
    rules.filter((rule) => rule.connectionId === link.connectionId),
    observation.directGroupIds,
    observation.transitiveGroupIds,
  );
  return winner === null ? 'out-of-scope' : null;
}

export function removesAccess(
  observation: DirectoryObservation,
  link: Link | null,
  rules: readonly MappingRule[],
): boolean {
  return removalOf(observation, link, rules) !== null;
}

export interface DeactivationCheck {
  removals: number;
  synced: number;
  share: number;
  /** true when the removals must wait for a confirmation */
  exceeded: boolean;
}

/**
 * M2: one removal per window always passes, so a tenant of a handful of users can lose one without a human
 * (with three users, one leaver is already a third).
 */
export const ALWAYS_ALLOWED_REMOVALS = 1;

/** S8 safety: more than `threshold` (0–1) of the connection's synced users losing access at once needs a human. */
export function checkMassDeactivation(
  removals: number,
  synced: number,
  threshold: number,
): DeactivationCheck {
  const share = synced === 0 ? 0 : removals / synced;
  return {
    removals,
    synced,
    share,
    exceeded: synced > 0 && removals > ALWAYS_ALLOWED_REMOVALS && share > threshold,
  };
}

/** What the sliding window of one connection holds when new removals arrive (read under its lock). */
export interface RemovalWindow {
  /** removals applied within the window that no operator confirmed */
  unconfirmed: number;
  /** users removed within the window (confirmed ones included) who left the scope: deleted or out of scope */
  leftScope: number;
  /** synced users in scope now (a disabled user stays in scope) */
  inScope: number;
  /** a confirmation is already waiting: every further removal joins it */
  pending: boolean;
}

export type RemovalDecision = DeactivationCheck & { hold: boolean };

/**
 * S8 on every path (M1, M2): `arriving` removals join the window's unconfirmed ones; above `threshold` of the
 * users synced when the window began (in scope now plus those it removed from scope), they are held for a
 * confirmation.
 * Once one is pending, every removal waits with it, so a flood never trickles past the threshold.
 */
export function decideRemovals(arriving: number, window: RemovalWindow, threshold: number): RemovalDecision {
  const check = checkMassDeactivation(
    window.unconfirmed + arriving,
    window.inScope + window.leftScope,
    threshold,
  );
  return { ...check, hold: arriving > 0 && (window.pending || check.exceeded) };
}
