import { isIP } from 'node:net';
import { z } from 'zod';
import { dbTimeoutFields, envFields, loadEnv } from '@entra-sync/config';

const positiveInt = (message: string, fallback: number) =>
  z.coerce.number({ message }).int(message).min(0, message).default(fallback);

/** comma-separated addresses/CIDRs of the proxies whose X-Forwarded-For is believed */
const trustProxy = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === '') return undefined;
    const parts = v.split(',').map((p) => p.trim());
    const bad = parts.some((p) => {
      const [address = '', bits, extra] = p.split('/');
      if (extra !== undefined || isIP(address) === 0) return true;
      return bits !== undefined && !/^\d{1,3}$/.test(bits);
    });
    if (bad) {
      ctx.addIssue({ code: 'custom', message: 'must be comma-separated IP addresses or CIDRs' });
      return z.NEVER;
    }
    return parts;
  });

/** The receiver's environment, parsed once at start (STYLE habit 6). */
export const receiverEnvSchema = z.object({
  DATABASE_URL: envFields.DATABASE_URL,
  ...dbTimeoutFields,
  REDIS_URL: envFields.REDIS_URL,
  PORT: envFields.PORT,
  /** listen address; the receiver is internet-facing, so all interfaces unless told otherwise */
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  ENCRYPTION_KEY: envFields.ENCRYPTION_KEY,
  ENCRYPTION_KEYS_OLD: envFields.ENCRYPTION_KEYS_OLD,
  LOG_LEVEL: envFields.LOG_LEVEL,
  /** BullMQ key prefix; must be the workers' */
  QUEUE_PREFIX: z.string().trim().min(1).default('entra-sync'),
  /** requests to /graph/* per source address and window; 0 turns the limit off (decision R7) */
  RECEIVER_RATE_LIMIT: positiveInt('must be a whole number ≥ 0', 20_000),
  RECEIVER_RATE_WINDOW_SECONDS: positiveInt('must be a whole number of seconds ≥ 1', 10).refine(
    (v) => v >= 1,
    'must be a whole number of seconds ≥ 1',
  ),
  /** the TLS terminator in front: without it every request has the proxy's address (R7) */
  RECEIVER_TRUST_PROXY: trustProxy,
});

export type ReceiverEnv = z.output<typeof receiverEnvSchema>;

export function loadReceiverEnv(env: Record<string, string | undefined> = process.env): ReceiverEnv {
  return loadEnv(receiverEnvSchema, env);
}
