import type { MappingRule } from './types';

/** How the user reaches a rule's group (D3). */
export type Membership = 'direct' | 'transitive';

export interface RankedRule {
  rule: MappingRule;
  membership: Membership;
  /** one line: why this rule matches and where it ranks */
  reason: string;
}

export interface Precedence {
  /** the first ranked rule (S1.2), or null when none matches (S1.1) */
  winner: RankedRule | null;
  ranked: RankedRule[];
  /** one line for the audit log and `explain` */
  explanation: string;
}

function membershipOf(
  rule: MappingRule,
  direct: ReadonlySet<string>,
  nested: ReadonlySet<string>,
): Membership | null {
  if (direct.has(rule.groupId)) return 'direct';
  if (rule.transitive && nested.has(rule.groupId)) return 'transitive';
  return null;
}

/** S1.2: lowest order, then oldest creation time, then smallest id — a total order on distinct ids. */
export function compareRules(a: MappingRule, b: MappingRule): number {
  return a.order - b.order || a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id;
}

/** S1.1 + S1.2: the rules the user matches, best first. Independent of the order of rules and groups. */
export function rankRules(
  rules: readonly MappingRule[],
  directGroupIds: readonly string[],
  transitiveGroupIds: readonly string[],
): RankedRule[] {
  const direct = new Set(directGroupIds);
  // transitive membership is a superset of direct, whatever the caller passed
  const nested = new Set([...directGroupIds, ...transitiveGroupIds]);
  const matched: { rule: MappingRule; membership: Membership }[] = [];
  for (const rule of rules) {
    const membership = membershipOf(rule, direct, nested);
    if (membership) matched.push({ rule, membership });
  }
  matched.sort((a, b) => compareRules(a.rule, b.rule));
  // `reason` is written when read (explain): planning every user of a full sync never reads it
  return matched.map(({ rule, membership }, index) => ({
    rule,
    membership,
    get reason() {
      return (
        `S1.1 rule #${rule.id} matches: ${membership === 'direct' ? 'direct' : 'nested (transitive)'} member of ` +
        `group ${rule.groupId}; S1.2 rank ${index + 1} (order ${rule.order}, created ${rule.createdAt.toISOString()})`
      );
    },
  }));
}

function beaten(winner: MappingRule, loser: MappingRule): string {
  if (loser.order !== winner.order) return `#${loser.id} (order ${loser.order})`;
  if (loser.createdAt.getTime() !== winner.createdAt.getTime()) {
    return `#${loser.id} (order ${loser.order}, created later)`;
  }
  return `#${loser.id} (order ${loser.order}, same creation time, larger id)`;
}

export function explainPrecedence(ranked: readonly RankedRule[]): string {
  const [first, ...rest] = ranked;
  if (!first) return 'S1.1 no mapping rule matches: the user is in none of the mapped groups';
  const w = first.rule;
  const head = `S1.2 rule #${w.id} (group ${w.groupId}, ${first.membership}, order ${w.order})`;
  if (rest.length === 0) return `${head} is the only matching rule`;
  return `${head} wins over ${rest.map((r) => beaten(w, r.rule)).join(', ')}`;
}

export function resolveWinner(
  rules: readonly MappingRule[],
  directGroupIds: readonly string[],
  transitiveGroupIds: readonly string[],
): Precedence {
  const ranked = rankRules(rules, directGroupIds, transitiveGroupIds);
  return { winner: ranked[0] ?? null, ranked, explanation: explainPrecedence(ranked) };
}
