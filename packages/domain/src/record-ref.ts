import type { PersonRecord, RecordKind } from './types';

export interface Party {
  connectionId: string;
  objectId: string;
}

export const refOf = (record: PersonRecord): { kind: RecordKind; id: string } => ({
  kind: record.kind,
  id: record.id,
});

export const recordKey = (ref: { kind: RecordKind; id: string | null }): string =>
  `${ref.kind}:${ref.id ?? 'new'}`;

export const isRoot = (record: PersonRecord): boolean => record.kind === 'employee' && record.isRoot;

export const isArchived = (record: PersonRecord): boolean =>
  record.kind === 'employee' && record.status === 'archived';

/** S3.3: the record is linked to a directory user other than `self` (of any connection). */
export function linkedElsewhere(record: PersonRecord, self: Party): boolean {
  const to = record.linkedTo;
  return to !== null && !(to.connectionId === self.connectionId && to.objectId === self.objectId);
}

/** Numeric ids (bigserial) compare as numbers, anything else by code units: deterministic either way. */
export function compareIds(a: string, b: string): number {
  const numeric = /^\d+$/;
  if (numeric.test(a) && numeric.test(b) && a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

export const sameUsername = (a: string | null | undefined, b: string | null | undefined): boolean =>
  a != null && b != null && a.toLowerCase() === b.toLowerCase();

/** "employee 1234 (jane.doe)" for reasons. */
export function describeRecord(record: PersonRecord): string {
  const label = record.login?.username ?? record.email;
  return `${record.kind}${isRoot(record) ? ' (root)' : ''} ${record.id}${label ? ` (${label})` : ''}`;
}
