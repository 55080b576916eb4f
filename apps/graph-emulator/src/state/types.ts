export type ObjectKind = 'user' | 'group';

export interface EmuUser {
  id: string;
  /** creation order: the paging key of /users and of the initial delta round */
  seq: number;
  displayName: string | null;
  givenName: string | null;
  surname: string | null;
  userPrincipalName: string;
  mail: string | null;
  businessPhones: string[];
  mobilePhone: string | null;
  jobTitle: string | null;
  department: string | null;
  officeLocation: string | null;
  accountEnabled: boolean;
  createdDateTime: string;
  deletedDateTime: string | null;
}

export interface EmuGroup {
  id: string;
  seq: number;
  displayName: string;
  description: string | null;
  mailNickname: string;
  mailEnabled: boolean;
  securityEnabled: boolean;
  groupTypes: string[];
  createdDateTime: string;
  /** direct members: user or group ids */
  members: Set<string>;
}

export type UserInput = Partial<Omit<EmuUser, 'seq' | 'createdDateTime' | 'deletedDateTime'>> & {
  userPrincipalName: string;
};
export type UserPatch = Partial<Omit<EmuUser, 'id' | 'seq' | 'createdDateTime' | 'deletedDateTime'>>;
export type GroupInput = Partial<Omit<EmuGroup, 'seq' | 'createdDateTime' | 'members'>> & {
  displayName: string;
};

/** One entry of a tenant's change log; its position (1-based) is its sequence number. */
export type ChangeEntry =
  | { kind: 'user'; id: string; at: number }
  | { kind: 'group'; id: string; at: number }
  | { kind: 'member'; groupId: string; memberId: string; memberKind: ObjectKind; at: number };

/** What subscriptions hear about: Graph's changeType for users and groups is only updated or deleted. */
export interface ChangeEvent {
  tenantId: string;
  resource: 'users' | 'groups';
  id: string;
  changeType: 'updated' | 'deleted';
}

export interface EmuApp {
  clientId: string;
  displayName: string;
  /** tenant the app is registered in */
  homeTenantId: string;
  secrets: Set<string>;
  /** application permissions granted (the `roles` claim) */
  permissions: string[];
  /** redirect URIs for the authorization-code flow */
  redirectUris: string[];
}

export interface EmuSubscription {
  id: string;
  tenantId: string;
  applicationId: string;
  resource: string;
  /** normalised: `users`, `users/{id}`, `groups`, `groups/{id}` */
  target: { collection: 'users' | 'groups'; id: string | null };
  changeTypes: Array<'updated' | 'deleted'>;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  clientState: string | null;
  expirationDateTime: string;
  createdAt: string;
}
