// Plain data the sync rules work on. No IO: the db and graph packages map their rows and
// responses to these shapes, and execute the plans built from them.

export type RecordKind = 'employee' | 'contact';

/** S0 mapping rule: (connection, group, order, target). */
export interface MappingRule {
  id: number;
  connectionId: string;
  groupId: string;
  order: number;
  createdAt: Date;
  target: RecordKind;
  /** contact target: the customer account the contact lives under */
  accountId: string | null;
  /** employee target: security role; falls back to the employee default */
  securityRole: string | null;
  /** employee target: module permissions */
  modules: readonly string[];
  /** contact target: grants a client-portal login */
  portalAccess: boolean;
  portalRole: string | null;
  /** S1.1: match nested-group membership too */
  transitive: boolean;
}

/** The Entra user properties of S2.1 (plus accountEnabled, S5.2). */
export interface DirectoryUserFields {
  givenName: string | null;
  surname: string | null;
  userPrincipalName: string | null;
  mail: string | null;
  businessPhones: readonly string[];
  mobilePhone: string | null;
  jobTitle: string | null;
  accountEnabled: boolean;
}

/**
 * What a worker saw of one directory user at `observedAt` (taken before the Graph read started).
 * A soft-deleted user (recycle bin) and a hard-deleted one both read as `deleted` (Graph answers 404).
 */
export type DirectoryObservation =
  | {
      state: 'present';
      objectId: string;
      observedAt: Date;
      user: DirectoryUserFields;
      /** groups the user is a direct member of */
      directGroupIds: readonly string[];
      /** every group the user is a member of, directly or through nesting (superset of direct) */
      transitiveGroupIds: readonly string[];
    }
  | { state: 'deleted'; objectId: string; observedAt: Date; hard: boolean };

/** S2.3 values an administrator saved for mandatory employee fields the directory leaves empty. */
export interface EmployeeDefaults {
  firstName: string | null;
  lastName: string | null;
  department: string | null;
  location: string | null;
  timeZone: string | null;
  securityRole: string | null;
  modules: readonly string[];
}

/** Personal fields both record kinds carry; the mapped fields of S2.1 (username lives on the login). */
export interface PersonFields {
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  officePhone: string | null;
  mobilePhone: string | null;
  jobTitle: string | null;
}

export interface EmployeeFields extends PersonFields {
  department: string | null;
  location: string | null;
  timeZone: string | null;
}

/** A login: one per person, username unique case-insensitively across employees and portal contacts. */
export interface LoginState {
  username: string;
  enabled: boolean;
  /** employee: security role; contact: portal role */
  role: string | null;
  /** employee module permissions; always empty for contacts */
  modules: readonly string[];
}

export type EmployeeStatus = 'active' | 'inactive' | 'archived';
export type ContactStatus = 'active' | 'inactive';

interface RecordBase {
  id: string;
  login: LoginState | null;
  /** tickets, invoices, time entries… reference it (S5.4) */
  hasRelationalData: boolean;
  /** the directory user this record is linked to, if any (S3.3) */
  linkedTo: { connectionId: string; objectId: string } | null;
}

export interface EmployeeRecord extends RecordBase, EmployeeFields {
  kind: 'employee';
  isRoot: boolean;
  status: EmployeeStatus;
}

export interface ContactRecord extends RecordBase, PersonFields {
  kind: 'contact';
  accountId: string;
  status: ContactStatus;
  portalAccess: boolean;
}

export type PersonRecord = EmployeeRecord | ContactRecord;

/** connection + object id → record (S3.1), with what was last applied through it. */
export interface Link {
  connectionId: string;
  objectId: string;
  kind: RecordKind;
  recordId: string;
  /** observedAt of the newest observation applied (S4.5) */
  lastObservedAt: Date;
  /** fingerprint of the directory state last applied; a reconcile that finds it unchanged writes nothing (S4.3) */
  fingerprint: string | null;
  inScope: boolean;
}

/**
 * `change`: the directory says this user changed (notification or delta) → mapped fields are written again.
 * `reconcile`: a full sync or a rule change looked at the user → write only if the fingerprint moved.
 */
export type Trigger = 'change' | 'reconcile';

/** Everything the planner needs to know about one directory user, loaded by the caller under its lock. */
export interface PlanInput {
  connectionId: string;
  /** S3.4: the connection is the MSP's own directory, the only kind that creates, merges or archives employees */
  staffTenant: boolean;
  observation: DirectoryObservation;
  trigger: Trigger;
  /** this connection's mapping rules (any order) */
  rules: readonly MappingRule[];
  defaults: EmployeeDefaults;
  /** the existing link of (connectionId, objectId) and the record it points to */
  link: { link: Link; record: PersonRecord } | null;
  /**
   * records whose e-mail equals the user's e-mail (trimmed, case-insensitive), in or out of the connection's
   * reach (S3.4: one outside it must be seen to be refused); a kind `emailKindsOf` leaves out may be missing
   */
  emailMatches: readonly PersonRecord[];
  /** the record whose login username equals the user's username (case-insensitive), if any */
  usernameHolder: PersonRecord | null;
  /**
   * usernames and e-mails already taken (any case) that start with `<u>_Archived` / `<e>_Archived`, where u and e
   * range over the user's username and e-mail AND those of every record in `link`, `emailMatches` and
   * `usernameHolder` (any of them may be archived, under its own name). A superset is fine.
   */
  takenArchiveNames: readonly string[];
}
