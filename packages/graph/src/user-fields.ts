import type { DirectoryUserFields } from '@entra-sync/domain';

/** Exactly the S2.1 properties plus accountEnabled (S5.2), and the id. */
export const USER_SELECT = [
  'id',
  'givenName',
  'surname',
  'userPrincipalName',
  'mail',
  'businessPhones',
  'mobilePhone',
  'jobTitle',
  'accountEnabled',
] as const;

export interface DirectoryUser {
  id: string;
  user: DirectoryUserFields;
}

export interface RawUser {
  id?: string;
  givenName?: string | null;
  surname?: string | null;
  userPrincipalName?: string | null;
  mail?: string | null;
  businessPhones?: string[] | null;
  mobilePhone?: string | null;
  jobTitle?: string | null;
  accountEnabled?: boolean | null;
}

/**
 * Graph leaves out properties that were never set (delta) or returns null: both read as null. A user whose
 * accountEnabled is absent is treated as enabled, as Entra creates users enabled by default.
 */
export function toUserFields(raw: RawUser): DirectoryUserFields {
  return {
    givenName: raw.givenName ?? null,
    surname: raw.surname ?? null,
    userPrincipalName: raw.userPrincipalName ?? null,
    mail: raw.mail ?? null,
    businessPhones: Array.isArray(raw.businessPhones)
      ? raw.businessPhones.filter((p): p is string => typeof p === 'string')
      : [],
    mobilePhone: raw.mobilePhone ?? null,
    jobTitle: raw.jobTitle ?? null,
    accountEnabled: raw.accountEnabled !== false,
  };
}

export function toDirectoryUser(raw: RawUser): DirectoryUser | null {
  return typeof raw.id === 'string' ? { id: raw.id, user: toUserFields(raw) } : null;
}
