import type { Db, SecretBox } from '@entra-sync/db';
import type { GraphEndpoints, GraphRequestCounter } from '@entra-sync/graph';
import type { Producer } from '@entra-sync/queues';
import type { Logger } from '@entra-sync/telemetry';
import type { SignInConfig } from './signin/signin-config';

/** What the admin API needs; built once by main.ts, by the demo launcher, or by a test. */
export interface AdminDeps {
  db: Db;
  box: SecretBox;
  /** the API only enqueues; workers process */
  producer: Producer;
  graphEndpoints: GraphEndpoints;
  logger: Logger;
  adminToken: string;
  /** the workers' BullMQ prefix; must be the producer's */
  queuePrefix: string;
  /** the admin's public URL (PUBLIC_URL): cookie-authenticated state changes must come from its origin or the Host's */
  publicUrl?: string;
  graphCounter?: GraphRequestCounter;
  now?: () => Date;
  /** K5: operators sign in with the MSP's Entra tenant; absent or null, the admin token alone */
  signIn?: SignInConfig | null;
}
