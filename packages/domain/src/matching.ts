import { normaliseEmail } from './mapping';
import { compareIds, isArchived, linkedElsewhere, type Party } from './record-ref';
import type { PersonRecord, PlanInput, RecordKind } from './types';

export type Target =
  | { type: 'linked'; record: PersonRecord }
  | { type: 'merge'; record: PersonRecord }
  | { type: 'create' }
  | { type: 'conflict'; record: PersonRecord };

/** S3.1: the linked record, when it is of the target kind and not archived. */
export function linkedTarget(input: PlanInput, kind: RecordKind): PersonRecord | null {
  const linked = input.link;
  if (!linked || linked.link.kind !== kind || linked.record.kind !== kind) return null;
  return isArchived(linked.record) ? null : linked.record;
}

/** S3.1 → S3.2 → S3.3, with D6's deterministic choice among several e-mail matches. */
export function resolveTarget(input: PlanInput, kind: RecordKind, email: string | null, self: Party): Target {
  const linked = linkedTarget(input, kind);
  if (linked) return { type: 'linked', record: linked };
  if (email === null) return { type: 'create' };
  const rank = (r: PersonRecord): [number, number] => [
    linkedElsewhere(r, self) ? 1 : 0,
    r.status === 'active' ? 0 : 1,
  ];
  const candidates = input.emailMatches
    .filter((r) => r.kind === kind && !isArchived(r) && normaliseEmail(r.email) === email)
    .sort((a, b) => {
      const [la, sa] = rank(a);
      const [lb, sb] = rank(b);
      return la - lb || sa - sb || compareIds(a.id, b.id);
    });
  const first = candidates[0];
  if (!first) return { type: 'create' };
  return linkedElsewhere(first, self)
    ? { type: 'conflict', record: first }
    : { type: 'merge', record: first };
}
