import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Encrypted, UpdatedAt } from './column-types';

export type ConnectionStatus = 'connected' | 'failing' | 'disabled' | 'pending';

export interface ConnectionTable {
  id: Generated<string>;
  name: string;
  /** what the administrator typed: tenant id (GUID) or domain */
  tenant: string;
  /** resolved tenant GUID, once known */
  tenant_id: string | null;
  client_id: string;
  client_secret: Encrypted;
  /** S7.2 delegated flow */
  refresh_token: Encrypted | null;
  status: ColumnType<ConnectionStatus, ConnectionStatus | undefined, ConnectionStatus>;
  /** S3.4: the MSP's own directory, the only kind whose users become, merge with or archive employees */
  staff_tenant: ColumnType<boolean, boolean | undefined, boolean>;
  last_error: string | null;
  last_sync_at: Date | null;
  next_retry_at: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}
