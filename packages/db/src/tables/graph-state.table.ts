import type { CreatedAt, Encrypted, Timestamp, UpdatedAt } from './column-types';

export interface GraphSubscriptionTable {
  connection_id: string;
  resource: string;
  subscription_id: string;
  client_state: Encrypted;
  expires_at: Timestamp;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface DeltaStateTable {
  connection_id: string;
  resource: string;
  delta_link: string;
  updated_at: UpdatedAt;
}
