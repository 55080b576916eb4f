// The admin API's JSON as the console reads it (CONTRACT.md and apps/admin/README.md).

export type ConnectionStatus = 'connected' | 'failing' | 'disabled' | 'pending';

export interface Connection {
  id: string;
  name: string;
  tenant: string;
  tenantId: string | null;
  clientId: string;
  status: ConnectionStatus;
  lastError: string | null;
  lastSyncAt: string | null;
  nextRetryAt: string | null;
}

export interface SyncRun {
  id: string;
  connectionId: string;
  status: 'queued' | 'running' | 'awaiting_confirmation' | 'succeeded' | 'failed';
  counts: Record<string, number>;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}

export interface RuleFields {
  groupId: string;
  order: number;
  target: 'employee' | 'contact';
  accountId?: string | null;
  securityRole?: string | null;
  modules?: string[];
  portalAccess?: boolean;
  portalRole?: string | null;
  transitive?: boolean;
}

export interface Rule extends Required<RuleFields> {
  id: number;
  connectionId: string;
  createdAt: string;
}

export interface Account {
  id: string;
  name: string;
}

export interface PersonRecord {
  id: string;
  firstName: string | null;
  lastName: string | null;
  email: string | null;
  username: string | null;
  officePhone: string | null;
  mobilePhone: string | null;
  jobTitle: string | null;
  status: string;
  loginEnabled: boolean | null;
  source: { connectionId: string; objectId: string } | null;
  createdAt: string;
  updatedAt: string;
  // employees
  department?: string | null;
  location?: string | null;
  timeZone?: string | null;
  securityRole?: string | null;
  modules?: string[];
  isRoot?: boolean;
  // contacts
  accountId?: string;
  portalAccess?: boolean;
  portalRole?: string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  connectionId: string | null;
  objectId: string | null;
  recordKind: string | null;
  recordId: string | null;
  ruleId: number | null;
  action: string;
  reason: string;
  before: unknown;
  after: unknown;
}

export interface QueueStats {
  name: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  oldestWaitingAgeSeconds: number;
}

export interface QueueHistory {
  intervalSeconds: number;
  windowSeconds: number;
  samples: Array<{ at: string; queues: QueueStats[] }>;
}

export interface DeadLetter {
  id: string;
  queue: string;
  name: string;
  data: unknown;
  failedReason: string;
  attemptsMade: number;
  failedAt: string | null;
}

export interface EmployeeDefaults {
  firstName: string | null;
  lastName: string | null;
  department: string | null;
  location: string | null;
  timeZone: string | null;
  securityRole: string | null;
  modules: string[];
}

/** B5's seed catalog: suggestions only; the API checks against the database's catalog. */
export const ROLES = ['Administrator', 'Manager', 'Technician'];
export const PORTAL_ROLES = ['Portal User', 'Portal Manager'];
export const MODULES = ['tickets', 'time', 'crm', 'billing', 'hr', 'reports', 'settings'];
