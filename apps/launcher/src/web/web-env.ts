import { z } from 'zod';
import { dbTimeoutFields, envFields, loadEnv, signInAllOrNone } from '@entra-sync/config';

/** The `[web]` child: the receiver's and the admin API's variables, set by the launcher. */
export const webEnvSchema = z
  .object({
    DATABASE_URL: envFields.DATABASE_URL,
    ...dbTimeoutFields,
    /** 1 against the embedded Postgres: it has one session, every statement takes its turn anyway */
    DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
    REDIS_URL: envFields.REDIS_URL,
    PORT: envFields.PORT,
    HOST: z.string().trim().min(1).default('127.0.0.1'),
    ADMIN_TOKEN: envFields.ADMIN_TOKEN,
    ENCRYPTION_KEY: envFields.ENCRYPTION_KEY,
    ENCRYPTION_KEYS_OLD: envFields.ENCRYPTION_KEYS_OLD,
    GRAPH_CLOUD: envFields.GRAPH_CLOUD,
    GRAPH_ENDPOINT: envFields.GRAPH_ENDPOINT.optional(),
    LOGIN_ENDPOINT: envFields.LOGIN_ENDPOINT.optional(),
    LOG_LEVEL: envFields.LOG_LEVEL,
    QUEUE_PREFIX: z.string().trim().min(1).default('entra-sync'),
    PUBLIC_URL: envFields.PUBLIC_URL.optional(),
    ADMIN_SIGNIN_TENANT_ID: envFields.ADMIN_SIGNIN_TENANT_ID.optional(),
    ADMIN_SIGNIN_CLIENT_ID: envFields.ADMIN_SIGNIN_CLIENT_ID.optional(),
    ADMIN_SIGNIN_CLIENT_SECRET: envFields.ADMIN_SIGNIN_CLIENT_SECRET.optional(),
    ADMIN_SIGNIN_GROUP_ID: envFields.ADMIN_SIGNIN_GROUP_ID.optional(),
  })
  .superRefine(signInAllOrNone);

export type WebEnv = z.output<typeof webEnvSchema>;

export const loadWebEnv = (env: Record<string, string | undefined> = process.env): WebEnv =>
  loadEnv(webEnvSchema, env);
