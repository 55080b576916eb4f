import type { EmuGroup, EmuUser } from '../state/types';

export const USER_PROPERTIES = [
  'id',
  'displayName',
  'givenName',
  'surname',
  'userPrincipalName',
  'mail',
  'businessPhones',
  'mobilePhone',
  'jobTitle',
  'department',
  'officeLocation',
  'accountEnabled',
  'createdDateTime',
  'deletedDateTime',
  'preferredLanguage',
] as const;
/** What Graph v1.0 returns for a user without $select (accountEnabled is not among them). */
export const DEFAULT_USER_SELECT = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];
export const GROUP_PROPERTIES = [
  'id',
  'displayName',
  'description',
  'mailNickname',
  'mailEnabled',
  'securityEnabled',
  'groupTypes',
  'createdDateTime',
] as const;
export const DEFAULT_GROUP_SELECT = [...GROUP_PROPERTIES];

type Json = Record<string, unknown>;

/** `omitNull`: delta leaves out properties that were never set. */
export function projectUser(user: EmuUser, select: readonly string[] | null, omitNull = false): Json {
  const out: Json = {};
  for (const field of select ?? DEFAULT_USER_SELECT) {
    const value = field === 'preferredLanguage' ? null : (user as unknown as Json)[field];
    if (omitNull && (value === null || value === undefined)) continue;
    out[field] = value ?? null;
  }
  return out;
}

export function projectGroup(group: EmuGroup, select: readonly string[] | null): Json {
  const out: Json = {};
  for (const field of select ?? DEFAULT_GROUP_SELECT) {
    if (field === 'members') continue;
    out[field] = (group as unknown as Json)[field] ?? null;
  }
  return out;
}

export const odataType = (kind: 'user' | 'group'): string => `#microsoft.graph.${kind}`;
