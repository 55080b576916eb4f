import { z } from 'zod';
import { dbTimeoutFields, EnvError, envFields, loadEnv } from '@entra-sync/config';

/** `npm start`'s environment (CONTRACT.md), parsed once. ADMIN_TOKEN and ENCRYPTION_KEY are generated in demo mode. */
export const launcherEnvSchema = z.object({
  DATABASE_URL: envFields.DATABASE_URL.optional(),
  ...dbTimeoutFields,
  REDIS_URL: envFields.REDIS_URL,
  PORT: envFields.PORT,
  /** the one HTTP server's listen address; loopback unless told otherwise (the demo token is printed) */
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  PUBLIC_URL: envFields.PUBLIC_URL.optional(),
  ADMIN_TOKEN: envFields.ADMIN_TOKEN.optional(),
  ENCRYPTION_KEY: envFields.ENCRYPTION_KEY.optional(),
  ENCRYPTION_KEYS_OLD: envFields.ENCRYPTION_KEYS_OLD,
  GRAPH_CLOUD: envFields.GRAPH_CLOUD,
  GRAPH_ENDPOINT: envFields.GRAPH_ENDPOINT.optional(),
  LOGIN_ENDPOINT: envFields.LOGIN_ENDPOINT.optional(),
  DELTA_INTERVAL_SECONDS: envFields.DELTA_INTERVAL_SECONDS,
  RECONNECT_SECONDS: envFields.RECONNECT_SECONDS,
  ENTRA_SYNC_DEMO: envFields.ENTRA_SYNC_DEMO.default(true),
  LOG_LEVEL: envFields.LOG_LEVEL,
  QUEUE_PREFIX: z.string().trim().min(1).default('entra-sync'),
  /** embedded Postgres files, the generated encryption key, the emulator's certificates, a private Redis */
  ENTRA_SYNC_DATA_DIR: z.string().trim().min(1).default('.data'),
  ENTRA_SYNC_DEMO_USERS: z.coerce
    .number({ message: 'must be a number of users' })
    .int('must be a whole number')
    .min(30, 'must be at least 30')
    .max(5000, 'must be at most 5000')
    .default(300),
  /** seconds between two demo directory changes; 0 stops the stream */
  ENTRA_SYNC_DEMO_CHANGE_SECONDS: z.coerce
    .number({ message: 'must be a number of seconds' })
    .min(0, 'must be 0 or more')
    .default(5),
});

export type LauncherEnv = z.output<typeof launcherEnvSchema>;

/** Outside the demo nothing is generated: the real product needs its token and key from the operator. */
const REQUIRED_OUTSIDE_DEMO = ['ADMIN_TOKEN', 'ENCRYPTION_KEY'] as const;

export function loadLauncherEnv(env: Record<string, string | undefined> = process.env): LauncherEnv {
  const parsed = loadEnv(launcherEnvSchema, env);
  if (parsed.ENTRA_SYNC_DEMO) return parsed;
  const missing = REQUIRED_OUTSIDE_DEMO.filter((name) => parsed[name] === undefined);
  if (missing.length > 0)
    throw new EnvError(
      missing.map((variable) => ({
        variable,
        message: 'is required when ENTRA_SYNC_DEMO=0 (only the demo generates one)',
      })),
    );
  return parsed;
}
