import type { Timestamp } from './column-types';

export interface NamedLeaseTable {
  name: string;
  /** a random id of the one piece of work holding the name */
  holder: string;
  /** database time after which anyone may take the name over (a holder that died) */
  expires_at: Timestamp;
}
