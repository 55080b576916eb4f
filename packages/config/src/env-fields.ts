import { z } from 'zod';

// Field schemas for the variables of CONTRACT.md. Apps compose them into one schema each.

const httpsUrl = z
  .string()
  .trim()
  .refine((v) => URL.canParse(v) && new URL(v).protocol === 'https:', 'must be an https URL')
  .transform((v) => v.replace(/\/+$/, ''));

const isKey = (v: string): boolean =>
  /^[A-Za-z0-9+/]+={0,2}$/.test(v) && Buffer.from(v, 'base64').length === 32;

const guid = z
  .string()
  .trim()
  .refine((v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v), 'must be a GUID')
  .transform((v) => v.toLowerCase());

const milliseconds = (fallback: number) =>
  z.coerce
    .number({ message: 'must be a number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .min(100, 'must be at least 100 ms')
    .max(3_600_000, 'must be at most 3600000 ms (one hour)')
    .default(fallback);

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
  /** Postgres statement_timeout; also bounds idle-in-transaction, connect, pool acquire and a hung server's answer */
  DB_STATEMENT_TIMEOUT_MS: milliseconds(30_000),
  /** Postgres lock_timeout: row, table and advisory-lock waits */
  DB_LOCK_TIMEOUT_MS: milliseconds(10_000),
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
    .refine(isKey, { message: 'must be base64 of 32 bytes (e.g. `openssl rand -base64 32`)' }),
  /** K1: keys still accepted for reading while `entra-sync keys rotate` re-encrypts; the message never echoes one */
  ENCRYPTION_KEYS_OLD: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((k) => k.trim())
        .filter((k) => k !== ''),
    )
    .superRefine((keys, ctx) => {
      const bad = keys.map((k, i) => (isKey(k) ? 0 : i + 1)).filter((n) => n > 0);
      if (bad.length > 0)
        ctx.addIssue({
          code: 'custom',
          message: `must be comma-separated base64 keys of 32 bytes; key ${bad.join(', ')} is not`,
        });
    })
    .default([]),
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
  /** K5: the MSP's own tenant (its id, the issuer of operators' id tokens) */
  ADMIN_SIGNIN_TENANT_ID: guid,
  /** K5: the app registration operators sign in through (a web app with `<PUBLIC_URL>/auth/callback`) */
  ADMIN_SIGNIN_CLIENT_ID: guid,
  ADMIN_SIGNIN_CLIENT_SECRET: z.string().min(1),
  /** K5: the security group whose members may sign in (object id) */
  ADMIN_SIGNIN_GROUP_ID: guid,
  /** where a process's own `/metrics` listens: loopback unless a scraper on another host needs it */
  METRICS_HOST: z.string().trim().min(1, 'must be a host name or address').default('127.0.0.1'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      message: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
} as const;

/** K5: the ADMIN_SIGNIN_* variables are set together or not at all. */
export const SIGNIN_VARIABLES = [
  'ADMIN_SIGNIN_TENANT_ID',
  'ADMIN_SIGNIN_CLIENT_ID',
  'ADMIN_SIGNIN_CLIENT_SECRET',
  'ADMIN_SIGNIN_GROUP_ID',
] as const;

export function signInAllOrNone(
  env: Partial<Record<(typeof SIGNIN_VARIABLES)[number], unknown>>,
  ctx: z.RefinementCtx,
): void {
  const set = SIGNIN_VARIABLES.filter((name) => env[name] !== undefined);
  if (set.length === 0 || set.length === SIGNIN_VARIABLES.length) return;
  for (const name of SIGNIN_VARIABLES.filter((n) => env[n] === undefined))
    ctx.addIssue({
      code: 'custom',
      path: [name],
      message: `is required when ${set[0]} is set (Entra sign-in)`,
    });
}
