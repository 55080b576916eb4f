import { planDeleted, planOutOfScope } from './plan-out-of-scope';
import { planInScope } from './plan-in-scope';
import { currentLink, finishPlan } from './plan-result';
import type { Plan } from './plan.types';
import { resolveWinner } from './precedence';
import type { PlanInput } from './types';

/** S4.5 / D2: an observation older than what the link already applied changes nothing. */
function stalePlan(input: PlanInput, lastObservedAt: Date): Plan {
  const { observation } = input;
  return {
    connectionId: input.connectionId,
    objectId: observation.objectId,
    observedAt: observation.observedAt,
    winningRuleId: null,
    precedence: 'not evaluated: stale observation',
    fingerprint: input.link?.link.fingerprint ?? null,
    link: currentLink(input),
    ops: [
      {
        type: 'noop',
        reason:
          `S4.5/D2 stale: observed at ${observation.observedAt.toISOString()}, before the state already applied ` +
          `(${lastObservedAt.toISOString()}); discarded`,
      },
    ],
    outcome: 'stale',
  };
}

/** The whole sync decision for one directory user (SPEC S1–S6, docs/decisions.md D1–D13). Pure. */
export function planUser(input: PlanInput): Plan {
  const { observation } = input;
  const last = input.link?.link.lastObservedAt;
  if (last && last.getTime() > observation.observedAt.getTime()) return stalePlan(input, last);
  if (observation.state === 'deleted') return finishPlan(input, planDeleted(input, observation));
  const rules = input.rules.filter((rule) => rule.connectionId === input.connectionId);
  const { winner, explanation } = resolveWinner(
    rules,
    observation.directGroupIds,
    observation.transitiveGroupIds,
  );
  if (!winner) return finishPlan(input, planOutOfScope(input, explanation));
  return finishPlan(input, planInScope(input, observation, winner, explanation));
}
