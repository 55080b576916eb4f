import type { DirectoryObservation, MappingRule } from './types';

/**
 * Whether a user might win a contact rule (S6.2 archives happen only then): in a contact rule's group,
 * directly or, for a transitive rule, through nesting. A cheap superset of "the winner targets contacts".
 */
export function mayTargetContact(rules: readonly MappingRule[]): (o: DirectoryObservation) => boolean {
  const direct = new Set<string>();
  const nested = new Set<string>();
  for (const rule of rules) {
    if (rule.target !== 'contact') continue;
    direct.add(rule.groupId);
    if (rule.transitive) nested.add(rule.groupId);
  }
  if (direct.size === 0) return () => false;
  return (o) =>
    o.state === 'present' &&
    (o.directGroupIds.some((g) => direct.has(g)) || o.transitiveGroupIds.some((g) => nested.has(g)));
}
