import { z } from 'zod';
import { dbTimeoutFields, envFields, loadEnv } from '@entra-sync/config';

/** The receiver's environment, parsed once at start (STYLE habit 6). */
export const receiverEnvSchema = z.object({
  DATABASE_URL: envFields.DATABASE_URL,
  ...dbTimeoutFields,
  REDIS_URL: envFields.REDIS_URL,
  PORT: envFields.PORT,
  /** listen address; the receiver is internet-facing, so all interfaces unless told otherwise */
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  ENCRYPTION_KEY: envFields.ENCRYPTION_KEY,
  LOG_LEVEL: envFields.LOG_LEVEL,
  /** BullMQ key prefix; must be the workers' */
  QUEUE_PREFIX: z.string().trim().min(1).default('entra-sync'),
});

export type ReceiverEnv = z.output<typeof receiverEnvSchema>;

export function loadReceiverEnv(env: Record<string, string | undefined> = process.env): ReceiverEnv {
  return loadEnv(receiverEnvSchema, env);
}
