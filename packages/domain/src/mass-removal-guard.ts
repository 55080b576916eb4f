import { resolveWinner } from './precedence';
import type { DirectoryObservation, Link, MappingRule } from './types';

/**
 * S8: would applying this observation take a synced, in-scope user's access away (deleted, disabled, or no
 * rule matches any more)? A full sync counts these before writing anything.
 */
export function removesAccess(
  observation: DirectoryObservation,
  link: Link | null,
  rules: readonly MappingRule[],
): boolean {
  if (!link || !link.inScope) return false;
  if (observation.state === 'deleted') return true;
  if (!observation.user.accountEnabled) return true;
  const { winner } = resolveWinner(
    rules.filter((rule) => rule.connectionId === link.connectionId),
    observation.directGroupIds,
    observation.transitiveGroupIds,
  );
  return winner === null;
}

export interface DeactivationCheck {
  removals: number;
  synced: number;
  share: number;
  /** true when the run must stop and ask for confirmation */
  exceeded: boolean;
}

/** S8 safety: more than `threshold` (0–1) of the connection's synced users losing access at once needs a human. */
export function checkMassDeactivation(
  removals: number,
  synced: number,
  threshold: number,
): DeactivationCheck {
  const share = synced === 0 ? 0 : removals / synced;
  return { removals, synced, share, exceeded: synced > 0 && share > threshold };
}
