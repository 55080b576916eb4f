import { z } from 'zod';
import { dbTimeoutFields, envFields, loadEnv } from '@entra-sync/config';

export const workerEnvSchema = z.object({
  DATABASE_URL: envFields.DATABASE_URL,
  ...dbTimeoutFields,
  REDIS_URL: envFields.REDIS_URL,
  ENCRYPTION_KEY: envFields.ENCRYPTION_KEY,
  ENCRYPTION_KEYS_OLD: envFields.ENCRYPTION_KEYS_OLD,
  PUBLIC_URL: envFields.PUBLIC_URL.optional(),
  GRAPH_CLOUD: envFields.GRAPH_CLOUD,
  GRAPH_ENDPOINT: envFields.GRAPH_ENDPOINT.optional(),
  LOGIN_ENDPOINT: envFields.LOGIN_ENDPOINT.optional(),
  DELTA_INTERVAL_SECONDS: envFields.DELTA_INTERVAL_SECONDS,
  RECONNECT_SECONDS: envFields.RECONNECT_SECONDS,
  SYNC_MAX_DEACTIVATION_SHARE: envFields.SYNC_MAX_DEACTIVATION_SHARE,
  SYNC_DEACTIVATION_WINDOW_SECONDS: envFields.SYNC_DEACTIVATION_WINDOW_SECONDS,
  LOG_LEVEL: envFields.LOG_LEVEL,
  QUEUE_PREFIX: z.string().min(1).default('entra-sync'),
  /** BullMQ job lock; a job whose worker died is picked up again after about this long */
  WORKER_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),
  /**
   * How far V8 lets the heap grow past what survived its last full GC, in percent (N10); 0 leaves V8's own
   * factor (up to 4×, which took a 100k-user full sync to about 420 MB resident)
   */
  WORKER_HEAP_GROWING_PERCENT: z.coerce.number().int().min(0).max(300).default(50),
  /**
   * CPU priority of the worker's main thread (nice, 0–19; N13): on cores shared with the receiver, a burst's
   * apply work must not delay Graph's answers; 0 leaves the priority the process was started with
   */
  WORKER_NICE: z.coerce.number().int().min(0).max(19).default(10),
  /** dead letters kept per queue; beyond it the oldest are dropped and counted (F13) */
  DEAD_LETTER_MAX: z.coerce
    .number({ message: 'must be a whole number of dead letters' })
    .int('must be a whole number of dead letters')
    .min(1, 'must be at least 1')
    .default(10_000),
  /** /metrics, /healthz and /readyz of this worker process; 0 = a free port */
  WORKER_METRICS_PORT: envFields.PORT.default(9464),
  /** the address /metrics and /healthz listen on (127.0.0.1; a scraper elsewhere needs a private address) */
  METRICS_HOST: envFields.METRICS_HOST,
});

export type WorkerEnv = z.output<typeof workerEnvSchema>;

export const loadWorkerEnv = (env: Record<string, string | undefined> = process.env): WorkerEnv =>
  loadEnv(workerEnvSchema, env);
