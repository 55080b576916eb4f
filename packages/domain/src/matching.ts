import { normaliseEmail } from './mapping';
import { compareIds, isArchived, linkedElsewhere, type Party } from './record-ref';
import { inReach, reachOfInput } from './reach';
import type { PersonRecord, PlanInput, RecordKind } from './types';

export type Target =
  | { type: 'linked'; record: PersonRecord }
  | { type: 'merge'; record: PersonRecord }
  | { type: 'create' }
  | { type: 'conflict'; record: PersonRecord }
  | { type: 'outside'; record: PersonRecord };

/** S3.1: the linked record, when it is of the target kind and not archived. */
export function linkedTarget(input: PlanInput, kind: RecordKind): PersonRecord | null {
  const linked = input.link;
  if (!linked || linked.link.kind !== kind || linked.record.kind !== kind) return null;
  return isArchived(linked.record) ? null : linked.record;
}

/**
 * S3.1 → S3.2 → S3.3, with D6's deterministic choice among several e-mail matches. S3.4: only records in
 * the connection's reach are merged; when the only matches lie outside it, the first of them is named
 * (`outside`) and nothing is taken (T3).
 */
export function resolveTarget(input: PlanInput, kind: RecordKind, email: string | null, self: Party): Target {
  const linked = linkedTarget(input, kind);
  if (linked) return { type: 'linked', record: linked };
  if (email === null) return { type: 'create' };
  const rank = (r: PersonRecord): [number, number] => [
    linkedElsewhere(r, self) ? 1 : 0,
    r.status === 'active' ? 0 : 1,
  ];
  const reach = reachOfInput(input);
  const matches = input.emailMatches.filter(
    (r) => r.kind === kind && !isArchived(r) && normaliseEmail(r.email) === email,
  );
  const candidates = matches
    .filter((r) => inReach(reach, r, self))
    .sort((a, b) => {
      const [la, sa] = rank(a);
      const [lb, sb] = rank(b);
      return la - lb || sa - sb || compareIds(a.id, b.id);
    });
  const first = candidates[0];
  if (!first) {
    const outside = matches.sort((a, b) => compareIds(a.id, b.id))[0];
    return outside ? { type: 'outside', record: outside } : { type: 'create' };
  }
  return linkedElsewhere(first, self)
    ? { type: 'conflict', record: first }
    : { type: 'merge', record: first };
}
