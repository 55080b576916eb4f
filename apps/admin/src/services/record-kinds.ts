import type { RecordKind } from '@entra-sync/domain';

/** What tells an employee's and a contact's local edits apart (S6.1, S0), as data for record.service. */
export interface RecordKindRules {
  /** the personal fields of the kind's table (audited as they change) */
  fields: readonly string[];
  /** the login's role as this kind's API names it */
  roleField: 'securityRole' | 'portalRole';
  /** employees' logins carry modules; contacts' never do */
  modules: boolean;
  /** S6.1: a contact has a login exactly when it has portal access; an employee's login is optional */
  portalFlag: boolean;
  /** why a login needs a username here */
  needsUsername: string;
}

const PERSON = ['firstName', 'lastName', 'email', 'officePhone', 'mobilePhone', 'jobTitle'] as const;

export const RECORD_KINDS: Record<RecordKind, RecordKindRules> = {
  employee: {
    fields: [...PERSON, 'department', 'location', 'timeZone'],
    roleField: 'securityRole',
    modules: true,
    portalFlag: false,
    needsUsername: 'role and modules live on the login: give the employee a username',
  },
  contact: {
    fields: [...PERSON, 'accountId'],
    roleField: 'portalRole',
    modules: false,
    portalFlag: true,
    needsUsername: 'portal access needs a username',
  },
};
