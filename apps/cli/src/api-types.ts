// The admin API's resources as the CLI reads them (CONTRACT.md "Admin API"; apps/admin/src/views).

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  [extension: string]: unknown;
}

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
  nextRetryAt?: string | null;
}

export interface Rule {
  id: number;
  connectionId: string;
  groupId: string;
  order: number;
  target: 'employee' | 'contact';
  accountId: string | null;
  securityRole: string | null;
  modules: string[];
  portalAccess: boolean;
  portalRole: string | null;
  transitive: boolean;
  createdAt: string;
}

export type SyncRunStatus = 'queued' | 'running' | 'awaiting_confirmation' | 'succeeded' | 'failed';

export interface SyncRun {
  id: string;
  connectionId: string;
  status: SyncRunStatus;
  counts: Record<string, number>;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}

export interface QueueStats {
  name: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  oldestWaitingAgeSeconds: number;
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
