import { z } from 'zod';
import { dbTimeoutFields, envFields, loadEnv, signInAllOrNone } from '@entra-sync/config';

/** The admin API's environment, parsed once at start (STYLE habit 6). */
export const adminEnvSchema = z
  .object({
    DATABASE_URL: envFields.DATABASE_URL,
    ...dbTimeoutFields,
    REDIS_URL: envFields.REDIS_URL,
    PORT: envFields.PORT,
    /** listen address; put the admin API behind a private network or a reverse proxy */
    HOST: z.string().trim().min(1).default('0.0.0.0'),
    ADMIN_TOKEN: envFields.ADMIN_TOKEN,
    ENCRYPTION_KEY: envFields.ENCRYPTION_KEY,
    ENCRYPTION_KEYS_OLD: envFields.ENCRYPTION_KEYS_OLD,
    GRAPH_CLOUD: envFields.GRAPH_CLOUD,
    GRAPH_ENDPOINT: envFields.GRAPH_ENDPOINT.optional(),
    LOGIN_ENDPOINT: envFields.LOGIN_ENDPOINT.optional(),
    PUBLIC_URL: envFields.PUBLIC_URL.optional(),
    LOG_LEVEL: envFields.LOG_LEVEL,
    /** must match the workers' prefix, or the API sees other queues */
    QUEUE_PREFIX: z.string().trim().min(1).default('entra-sync'),
    ADMIN_SIGNIN_TENANT_ID: envFields.ADMIN_SIGNIN_TENANT_ID.optional(),
    ADMIN_SIGNIN_CLIENT_ID: envFields.ADMIN_SIGNIN_CLIENT_ID.optional(),
    ADMIN_SIGNIN_CLIENT_SECRET: envFields.ADMIN_SIGNIN_CLIENT_SECRET.optional(),
    ADMIN_SIGNIN_GROUP_ID: envFields.ADMIN_SIGNIN_GROUP_ID.optional(),
  })
  .superRefine(signInAllOrNone);

export type AdminEnv = z.output<typeof adminEnvSchema>;

export function loadAdminEnv(env: Record<string, string | undefined> = process.env): AdminEnv {
  return loadEnv(adminEnvSchema, env);
}
