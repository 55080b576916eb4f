import { z } from 'zod';

// Field schemas for the variables of CONTRACT.md. Apps compose them into one schema each.

const httpsUrl = z
  .string()
  .trim()
  .refine((v) => URL.canParse(v) && new URL(v).protocol === 'https:', 'must be an https URL')
  .transform((v) => v.replace(/\/+$/, ''));

const seconds = (fallback: number) =>
  z.coerce
    .number({ message: 'must be a number of seconds' })
    .int('must be a whole number of seconds')
    .positive('must be positive')
    .default(fallback);

export const envFields = {
  DATABASE_URL: z
    .string()
    .trim()
    .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must be a postgres:// connection string'),
  REDIS_URL: z
    .string()
    .trim()
    .refine((v) => /^rediss?:\/\//.test(v), 'must be a redis:// or rediss:// URL')
    .default('redis://127.0.0.1:6379'),
  PORT: z.coerce
    .number({ message: 'must be a port number' })
    .int('must be a port number')
    .min(0, 'must be 0–65535')
    .max(65535, 'must be 0–65535')
    .default(3000),
  PUBLIC_URL: z
    .string()
    .trim()
    .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), 'must be an http(s) URL')
    .transform((v) => v.replace(/\/+$/, '')),
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters'),
  ENCRYPTION_KEY: z
    .string()
    .trim()
    .refine((v) => /^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32, {
      message: 'must be base64 of 32 bytes (e.g. `openssl rand -base64 32`)',
    }),
  GRAPH_CLOUD: z
    .enum(['global', 'usgov', 'dod', 'china'], { message: 'must be one of global, usgov, dod, china' })
    .default('global'),
  GRAPH_ENDPOINT: httpsUrl,
  LOGIN_ENDPOINT: httpsUrl,
  DELTA_INTERVAL_SECONDS: seconds(60),
  RECONNECT_SECONDS: seconds(120),
  /** S8: share (0–1) of a connection's synced users one sync may deactivate before asking for confirmation */
  SYNC_MAX_DEACTIVATION_SHARE: z.coerce
    .number({ message: 'must be a number between 0 and 1' })
    .min(0, 'must be a number between 0 and 1')
    .max(1, 'must be a number between 0 and 1')
    .default(0.2),
  /** S8: length of the sliding window per connection over which removals count toward that share */
  SYNC_DEACTIVATION_WINDOW_SECONDS: seconds(3600),
  ENTRA_SYNC_DEMO: z.enum(['0', '1'], { message: 'must be 0 or 1' }).transform((v) => v === '1'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
} as const;
